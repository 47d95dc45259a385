package dev.lorakit.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * The shared layout of the run's own checkpoint parts ({@code learner}, {@code trainer}, {@code
 * runtime}): a UTF magic string and an int version, then the part's fields, big-endian through
 * {@link DataOutputStream}.
 */
final class StateFormat {

    private StateFormat() {}

    static void writeHeader(DataOutputStream out, String magic, int version) throws IOException {
        out.writeUTF(magic);
        out.writeInt(version);
    }

    static void readHeader(DataInputStream in, String magic, int version) throws IOException {
        String savedMagic = in.readUTF();
        int savedVersion = in.readInt();
        if (!magic.equals(savedMagic) || savedVersion != version) {
            throw new IOException("Expected " + magic + " state v" + version + ", found " + savedMagic + " v" + savedVersion);
        }
    }

    /**
     * Reads a header written with any version from 1 to {@code newest}.
     *
     * @return the version found
     */
    static int readHeader(DataInputStream in, String magic, int oldest, int newest) throws IOException {
        String savedMagic = in.readUTF();
        int savedVersion = in.readInt();
        if (!magic.equals(savedMagic) || savedVersion < oldest || savedVersion > newest) {
            throw new IOException("Expected " + magic + " state v" + oldest + "..v" + newest + ", found " + savedMagic + " v" + savedVersion);
        }
        return savedVersion;
    }

    static void writeMetrics(DataOutputStream out, Map<String, Double> metrics) throws IOException {
        out.writeInt(metrics.size());
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    static void readMetrics(DataInputStream in, Map<String, Double> into) throws IOException {
        into.clear();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            into.put(in.readUTF(), in.readDouble());
        }
    }

    static void checkSeed(long saved, long seed) throws IOException {
        if (saved != seed) {
            throw new IOException("The checkpoint was written by a run with seed " + saved + "; this run has seed " + seed);
        }
    }
}
