package dev.lorakit.cli.compare;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lorakit.host.compare.ComparePlan;
import dev.lorakit.host.config.ConfigException;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code compare-invocation.json}: what a comparison directory was made for (the config file and
 * every run's overrides), written before its first run, so that repeating the command with the same
 * {@code --out} continues an interrupted comparison and a different command is refused instead of
 * mixing two experiments in one table.
 *
 * @param config the config file's absolute path
 * @param runs each run's directory name and overrides, in the plan's order
 */
record CompareInvocation(@JsonProperty("config") String config, @JsonProperty("runs") Map<String, List<String>> runs) {

    /** The file name inside the comparison directory. */
    static final String FILE = "compare-invocation.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The invocation of a plan.
     *
     * @param plan the planned comparison
     * @return its record
     */
    static CompareInvocation of(ComparePlan plan) {
        return new CompareInvocation(plan.config().toAbsolutePath().normalize().toString(),
                plan.runs().stream().collect(Collectors.toMap(ComparePlan.Run::directoryName, ComparePlan.Run::overrides,
                        (a, b) -> a, java.util.LinkedHashMap::new)));
    }

    /**
     * Checks that {@code dir} can hold this comparison: new, or made by the same invocation and not
     * finished; writes the record into a new one.
     *
     * @param dir the comparison directory
     * @return true when {@code dir} holds an earlier, unfinished run of this comparison
     * @throws IOException when the record cannot be read or written
     * @throws ConfigException when {@code dir} holds a finished comparison, another comparison,
     *     or runs made without a record
     */
    boolean claim(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (Files.exists(dir.resolve("compare.json"))) {
            throw new ConfigException(dir + " already holds a finished comparison; choose another --out");
        }
        if (Files.isRegularFile(file)) {
            CompareInvocation earlier = JSON.readValue(file.toFile(), CompareInvocation.class);
            if (!earlier.equals(this)) {
                throw new ConfigException(dir + " holds a comparison of " + earlier.config() + " with runs "
                        + earlier.runs() + "; this command asks for " + config + " with runs " + runs
                        + ". Repeat the first command's arguments to continue it, or choose another --out");
            }
            return true;
        }
        if (runs.keySet().stream().anyMatch(name -> Files.exists(dir.resolve(name)))) {
            throw new ConfigException(dir + " already holds a comparison; choose another --out");
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(file, JSON.writeValueAsString(this));
        return false;
    }
}
