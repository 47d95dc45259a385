package dev.lorakit.testing.support;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Measures how far one piece of code raises this process's resident memory above where it
 * started, native memory included (libtorch, the Rust tokenizer), which a Java heap count cannot
 * see. Linux only: it resets the kernel's high-water mark ({@code VmHWM}) through {@code
 * /proc/self/clear_refs}; tests skip themselves where {@link #supported()} is false. It first
 * returns freed C heap memory to the system ({@code malloc_trim}), so that earlier tests' leftovers
 * do not absorb the growth.
 *
 * <pre>{@code
 * assumeTrue(PeakRss.supported(), "needs Linux /proc/self/clear_refs");
 * long grown = PeakRss.growth(() -> tokenizer.lengths(texts, null));
 * assertThat(grown).isLessThan(150L << 20);
 * }</pre>
 */
public final class PeakRss {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private PeakRss() {}

    /**
     * Whether this process can reset and read its peak resident memory.
     *
     * @return true on Linux with a writable {@code /proc/self/clear_refs}
     */
    public static boolean supported() {
        return Files.isReadable(STATUS) && Files.isWritable(CLEAR_REFS);
    }

    /**
     * Runs the code and returns its peak resident memory above the resident memory before it.
     *
     * @param code the code to measure
     * @return bytes by which the peak exceeded the resident memory at the start (0 or more)
     * @throws Exception what the code throws, or an {@link IOException} reading {@code /proc}
     */
    public static long growth(Callable<?> code) throws Exception {
        System.gc();
        trimNativeHeap();
        Files.writeString(CLEAR_REFS, "5"); // "5": reset the peak to the current resident size
        long before = kilobytes("VmRSS:");
        code.call();
        return Math.max(0, kilobytes("VmHWM:") - before) * 1024;
    }

    /**
     * Returns the free pages of glibc's heaps to the system: memory that earlier code freed would
     * otherwise be reused without raising the resident size, hiding the measured code's growth.
     */
    private static void trimNativeHeap() {
        try {
            NativeLibrary.getInstance("c").getFunction("malloc_trim").invokeInt(new Object[] {0});
        } catch (UnsatisfiedLinkError e) {
            // Not glibc (musl has no malloc_trim): measure without trimming.
        }
    }

    private static long kilobytes(String field) throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(STATUS + " has no " + field + " line");
    }
}
