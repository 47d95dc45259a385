package dev.lorakit.host.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code resources.json}: the memory a run used, written by the JVM that ran it.
 *
 * <p>Peak RSS is the kernel's high-water mark of the process ({@code VmHWM} in {@code
 * /proc/self/status}), read after the run; {@code lorakit compare} runs every run in its own JVM
 * so that each peak belongs to one run alone (within one JVM the heap and libtorch's allocator
 * caches that an earlier run grew stay resident, and resetting {@code VmHWM} through {@code
 * /proc/self/clear_refs} would then measure the second run on top of the first's leftovers).
 * Off Linux the peak is unknown (null), never estimated.
 *
 * @param peakRssBytes the process's peak resident set size, or null when unknown
 * @param peakRssSource where the figure came from, or why it is unknown
 * @param device the training device
 * @param devicePeakBytes on a GPU, the highest device memory in use seen while the run trained
 *     (sampled; it includes other processes on that GPU), else null
 * @param devicePeakSource how {@code devicePeakBytes} was measured, or why there is none
 */
public record RunResources(
        Long peakRssBytes, String peakRssSource, String device, Long devicePeakBytes, String devicePeakSource) {

    /** The file name inside a run directory. */
    public static final String FILE = "resources.json";

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * This process's peak RSS so far.
     *
     * @return bytes, or empty off Linux or when {@code /proc/self/status} has no {@code VmHWM}
     */
    public static Optional<Long> currentPeakRss() {
        try {
            return Files.isReadable(PROC_STATUS) ? parseVmHwm(Files.readString(PROC_STATUS)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code VmHWM} line of a {@code /proc/PID/status} text.
     *
     * @param status the file's text
     * @return bytes, or empty when the line is absent
     */
    static Optional<Long> parseVmHwm(String status) {
        return status.lines().filter(l -> l.startsWith("VmHWM:")).findFirst().map(l -> {
            String[] parts = l.substring("VmHWM:".length()).trim().split("\\s+");
            if (parts.length != 2 || !parts[1].equals("kB")) {
                throw new IllegalStateException("/proc/self/status: unexpected VmHWM line \"" + l + "\"");
            }
            return Long.parseLong(parts[0]) * 1024;
        });
    }

    /**
     * The peaks of a run that more than one JVM ran (it was interrupted and resumed): the higher of
     * each figure, with sources that say so.
     *
     * @param earlier what an earlier JVM of the same run measured
     * @return the combined figures
     */
    public RunResources highestWith(RunResources earlier) {
        return new RunResources(highest(peakRssBytes, earlier.peakRssBytes), resumed(peakRssSource), device,
                highest(devicePeakBytes, earlier.devicePeakBytes),
                devicePeakBytes == null && earlier.devicePeakBytes == null ? devicePeakSource : resumed(devicePeakSource));
    }

    private static String resumed(String source) {
        String note = " (highest of the JVMs that ran this resumed run)";
        return source.endsWith(note) ? source : source + note;
    }

    private static Long highest(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    /**
     * Writes {@code resources.json} atomically.
     *
     * @param runDirectory the run directory
     * @throws IOException when writing fails
     */
    public void write(Path runDirectory) throws IOException {
        AtomicFiles.writeString(runDirectory.resolve(FILE), JSON.writeValueAsString(this));
    }

    /**
     * Reads {@code resources.json}.
     *
     * @param runDirectory the run directory
     * @return what the run's JVM measured
     * @throws IOException when the file is missing or unreadable (the message names it)
     */
    public static RunResources read(Path runDirectory) throws IOException {
        Path file = runDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: the run was not made by lorakit compare's worker");
        }
        return JSON.readValue(file.toFile(), RunResources.class);
    }
}
