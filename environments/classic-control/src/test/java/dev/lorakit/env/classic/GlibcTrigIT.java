package dev.lorakit.env.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link GlibcTrig} against numpy's float64 {@code sin}/{@code cos}, and {@link GlibcPow#square}
 * against the scalar {@code x**2} (glibc's pow), on 10 million arguments in
 * the ranges the environments see, recorded by {@code src/test/python/record_trig.py} into
 * {@code target/glibc-trig.bin} (generated on the first run). Every result must be bit-identical.
 * Skipped, with the reason, where that reference cannot exist: no python3 with numpy, or a libm
 * other than glibc's x86-64 FMA variant (then Python's own last bits differ).
 */
class GlibcTrigIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path FILE = MODULE.resolve("target/glibc-trig.bin");
    private static final Path SCRIPT = MODULE.resolve("src/test/python/record_trig.py");
    private static final int COUNT = 10_000_000;

    @Test
    void bitIdenticalToNumpyOnTenMillionArguments() throws Exception {
        assumeReferencePlatform();
        if (!Files.isRegularFile(FILE)) {
            generate();
        }
        long checked = 0;
        long beyond = 0;
        List<String> mismatches = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(FILE);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 20))) {
            byte[] magic = in.readNBytes(8);
            assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("LKTRIG02");
            String header = readLine(in);
            Assumptions.assumeTrue(header.contains("\"libc\": \"glibc") && header.contains("x86_64"),
                    "the reference was recorded on another platform: " + header);
            byte[] chunk = new byte[32 * 65536];
            ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
            int read;
            while ((read = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                buffer.clear();
                for (int r = 0; r < read / 32; r++) {
                    double x = buffer.getDouble();
                    double sin = buffer.getDouble();
                    double cos = buffer.getDouble();
                    double square = buffer.getDouble();
                    compare("pow2", x, GlibcPow.square(x), square, mismatches);
                    if (Math.abs(x) < GlibcTrig.EXACT_LIMIT) {
                        compare("sin", x, GlibcTrig.sin(x), sin, mismatches);
                        compare("cos", x, GlibcTrig.cos(x), cos, mismatches);
                    } else {
                        // glibc's multi-word reduction is not reproduced: one ulp at most.
                        assertThat(Math.abs(GlibcTrig.sin(x) - sin)).isLessThanOrEqualTo(Math.ulp(sin));
                        assertThat(Math.abs(GlibcTrig.cos(x) - cos)).isLessThanOrEqualTo(Math.ulp(cos));
                        beyond++;
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(COUNT);
        assertThat(checked - beyond).as("arguments in the bit-exact range").isGreaterThan(COUNT * 9L / 10);
        assertThat(mismatches).as("arguments where Java and numpy differ").isEmpty();
    }

    private static void compare(String function, double x, double java, double numpy, List<String> mismatches) {
        if (Double.doubleToRawLongBits(java) != Double.doubleToRawLongBits(numpy) && mismatches.size() < 20) {
            mismatches.add(function + "(" + Double.toHexString(x) + ") = " + Double.toHexString(numpy)
                    + ", Java " + Double.toHexString(java));
        }
    }

    private static void assumeReferencePlatform() throws IOException {
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        Assumptions.assumeTrue(os.startsWith("Linux") && (os.endsWith("amd64") || os.endsWith("x86_64")),
                "numpy's sin/cos are glibc's x86-64 ones only on x86-64 Linux; this is " + os);
        Path cpuinfo = Path.of("/proc/cpuinfo");
        String flags = Files.isReadable(cpuinfo) ? Files.readString(cpuinfo) : "";
        Assumptions.assumeTrue(flags.matches("(?s).*\\bfma\\b.*") && flags.matches("(?s).*\\bavx2\\b.*"),
                "glibc picks its FMA sin/cos (the ones GlibcTrig reproduces) only on CPUs with FMA and AVX2");
    }

    private static void generate() throws Exception {
        Files.createDirectories(FILE.getParent());
        Process p;
        try {
            p = new ProcessBuilder("python3", SCRIPT.toString(), FILE.toString(), Integer.toString(COUNT))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not available to record numpy's sin/cos: " + e.getMessage());
            return;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("record_trig.py finished").isTrue();
        Assumptions.assumeFalse(output.contains("No module named 'numpy'"),
                "numpy is not installed for python3 (pip install numpy): " + output.strip());
        assertThat(p.exitValue()).as("record_trig.py failed:%n%s", output).isZero();
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n' && b >= 0; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}
