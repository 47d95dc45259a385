package dev.lorakit.plugins.dqn;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lorakit.lora.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a DQN run reports for comparisons such as LoRA vs full fine-tuning vs scratch: env steps
 * and wall time until the greedy evaluation first reached the threshold, and parameter counts.
 * Written to {@code dqn-summary.json} in the run directory.
 *
 * @param env environment id
 * @param envKwargs environment overrides
 * @param seed run seed
 * @param steps environment steps taken
 * @param seconds wall time of the training loop
 * @param cpuSeconds CPU time of the training thread (what the run costs on an idle core)
 * @param stepsToThreshold first evaluation step whose mean return reached the threshold, -1 if none
 * @param secondsToThreshold wall time at that evaluation, NaN if none
 * @param cpuSecondsToThreshold training-thread CPU time at that evaluation, NaN if none
 * @param threshold the solve threshold
 * @param finalEvalReturn the last evaluation's mean return
 * @param bestEvalReturn the best evaluation's mean return
 * @param trainableParameters parameters the optimizer updated
 * @param totalParameters all parameters of the model (frozen base included)
 */
public record DqnSummary(
        @JsonProperty("env") String env,
        @JsonProperty("env_kwargs") Map<String, Object> envKwargs,
        @JsonProperty("seed") long seed,
        @JsonProperty("steps") long steps,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("cpu_seconds") double cpuSeconds,
        @JsonProperty("steps_to_threshold") long stepsToThreshold,
        @JsonProperty("seconds_to_threshold") double secondsToThreshold,
        @JsonProperty("cpu_seconds_to_threshold") double cpuSecondsToThreshold,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("final_eval_return") double finalEvalReturn,
        @JsonProperty("best_eval_return") double bestEvalReturn,
        @JsonProperty("trainable_parameters") long trainableParameters,
        @JsonProperty("total_parameters") long totalParameters) {

    /**
     * The summary as metrics for the run's log.
     *
     * @return metric name to value
     */
    public Map<String, Double> metrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("summary/steps_to_threshold", (double) stepsToThreshold);
        out.put("summary/trainable_parameters", (double) trainableParameters);
        out.put("summary/total_parameters", (double) totalParameters);
        if (!Double.isNaN(finalEvalReturn)) {
            out.put("summary/final_eval_return", finalEvalReturn);
        }
        return out;
    }

    /**
     * Writes the summary as JSON atomically.
     *
     * @param file the target file
     * @throws IOException when writing fails
     */
    public void write(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] json = mapper.writeValueAsBytes(this);
        AtomicFiles.write(file, channel -> AtomicFiles.writeFully(channel, ByteBuffer.wrap(json)));
    }

    /**
     * Reads a summary written by {@link #write}.
     *
     * @param file the file
     * @return the summary
     * @throws IOException when reading fails
     */
    public static DqnSummary read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), DqnSummary.class);
    }
}
