package dev.lorakit.train.replay;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bulk reads and writes of primitive arrays, in chunks so large buffers need no copy of all. */
final class ArrayIO {

    private static final int CHUNK = 1 << 16;

    private ArrayIO() {}

    static void writeFloats(DataOutputStream out, float[] values, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            bytes.clear();
            bytes.asFloatBuffer().put(values, from, n);
            out.write(bytes.array(), 0, n * Float.BYTES);
        }
    }

    static void readFloats(DataInputStream in, float[] values, int length) throws IOException {
        byte[] raw = new byte[CHUNK * Float.BYTES];
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            in.readFully(raw, 0, n * Float.BYTES);
            ByteBuffer.wrap(raw, 0, n * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(values, from, n);
        }
    }

    static void writeInts(DataOutputStream out, int[] values, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            bytes.clear();
            bytes.asIntBuffer().put(values, from, n);
            out.write(bytes.array(), 0, n * Integer.BYTES);
        }
    }

    static void readInts(DataInputStream in, int[] values, int length) throws IOException {
        byte[] raw = new byte[CHUNK * Integer.BYTES];
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            in.readFully(raw, 0, n * Integer.BYTES);
            ByteBuffer.wrap(raw, 0, n * Integer.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asIntBuffer()
                    .get(values, from, n);
        }
    }

    static void writeDoubles(DataOutputStream out, double[] values, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            out.writeDouble(values[i]);
        }
    }

    static void readDoubles(DataInputStream in, double[] values, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            values[i] = in.readDouble();
        }
    }

    static void expect(String what, long saved, long expected) throws StateFormatException {
        if (saved != expected) {
            throw new StateFormatException(
                    "replay state " + what + " is " + saved + " but this buffer has " + expected);
        }
    }
}
