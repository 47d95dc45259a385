package dev.lorakit.train.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The {@code manifest.json} of a checkpoint, written last: a checkpoint whose manifest is
 * missing, unreadable, or disagrees with any file's size or sha256 does not exist.
 *
 * @param formatVersion the checkpoint layout version ({@link CheckpointStore#FORMAT_VERSION})
 * @param step the step the checkpoint was taken at
 * @param created ISO-8601 UTC time of writing
 * @param adapterOnly whether {@code parameters.safetensors} holds only trainable parameters
 * @param metrics the latest metrics at that step (used to keep the best checkpoints)
 * @param files every other file of the checkpoint with its size and sha256
 */
record Manifest(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("step") long step,
        @JsonProperty("created") String created,
        @JsonProperty("adapter_only") boolean adapterOnly,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("files") Map<String, FileEntry> files) {

    /**
     * One file of a checkpoint.
     *
     * @param bytes its size
     * @param sha256 its SHA-256, lower-case hex
     */
    record FileEntry(@JsonProperty("bytes") long bytes, @JsonProperty("sha256") String sha256) {}
}
