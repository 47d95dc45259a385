package dev.lorakit.lora.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.TensorData;
import dev.lorakit.lora.io.TensorInfo;
import dev.lorakit.lora.peft.AdapterFolderSummary;
import dev.lorakit.lora.peft.PeftFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds an adapter into its base model: every adapted weight becomes W + scale·B·A, and the
 * adapter's fully saved tensors (biases, modules to save) replace the base tensors of the same
 * name. The result is a plain model under the base's {@code ModuleTree} names.
 *
 * <pre>{@code
 * AdapterMerge.merge(Path.of("runs/x/adapter"), Path.of("runs/x"), Path.of("merged"));
 * }</pre>
 */
public final class AdapterMerge {

    /** The merged model's weights file. */
    public static final String MODEL_FILE = "model.safetensors";

    /** What was merged, as JSON. */
    public static final String MERGE_INFO_FILE = "merge.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AdapterMerge() {}

    /**
     * Merges and writes {@link #MODEL_FILE} and {@link #MERGE_INFO_FILE} to {@code outDir},
     * each atomically.
     *
     * @param adapterDir the PEFT adapter folder
     * @param baseSource base weights (file, checkpoint directory or run directory)
     * @param outDir the output directory, created if needed
     * @return the merged model file
     * @throws IOException when a file cannot be read or written, or the base lacks a layer's weight
     */
    public static Path merge(Path adapterDir, Path baseSource, Path outDir) throws IOException {
        AdapterFolderSummary summary = AdapterFolderSummary.read(adapterDir);
        if (!summary.problems().isEmpty()) {
            throw new IOException(adapterDir + " is inconsistent, not merging: " + summary.problems());
        }
        List<LayerDelta> deltas = AdapterDeltas.read(adapterDir, p -> true);
        Files.createDirectories(outDir);
        ObjectNode info = JSON.createObjectNode();
        info.put("adapter", adapterDir.toAbsolutePath().toString());
        ArrayNode merged = info.putArray("merged_layers");
        ArrayNode replaced = info.putArray("replaced_tensors");
        ArrayNode ignored = info.putArray("ignored_adapter_tensors");
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (BaseWeights base = BaseWeights.open(baseSource)) {
            info.put("base", base.path().toAbsolutePath().toString());
            SafetensorsFile file = base.file();
            for (TensorInfo t : file.tensors().values()) {
                out.put(t.name(), new TensorData(t.dtype(), t.shape(), file.raw(t.name())));
            }
            for (LayerDelta d : deltas) {
                String name = base.weightName(d.layer().path()).orElseThrow(() -> new IOException(
                        base.path() + " has no base weight for adapted layer '" + d.layer().path() + "' (looked for '" + d.layer().path() + ".weight'); an adapter-only checkpoint cannot be merged"));
                DenseMatrix w = base.weightFor(d).orElseThrow();
                DenseMatrix sum = w.plusScaled(1, d.delta());
                float[] values = new float[sum.data().length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) sum.data()[i];
                }
                // Merged weights are float32 whatever the base's precision: rounding ΔW to F16/BF16 would lose small updates.
                out.put(name, TensorData.ofFloats(file.info(name).shape(), values));
                ObjectNode l = merged.addObject();
                l.put("layer", d.layer().path()).put("tensor", name).put("kind", d.layer().kind()).put("rank", d.layer().rank()).put("scale", d.layer().scale());
            }
        }
        try (SafetensorsFile adapter = SafetensorsFile.open(adapterDir.resolve(PeftFormat.WEIGHTS_FILE))) {
            for (TensorInfo t : summary.otherTensors()) {
                String name = t.name().startsWith(PeftFormat.KEY_PREFIX) ? t.name().substring(PeftFormat.KEY_PREFIX.length()) : t.name();
                TensorData prev = out.get(name);
                if (prev != null && prev.shape().equals(t.shape())) {
                    out.put(name, new TensorData(t.dtype(), t.shape(), adapter.raw(t.name())));
                    replaced.add(name);
                } else {
                    ignored.add(t.name());
                }
            }
            Path model = outDir.resolve(MODEL_FILE);
            Safetensors.writeRaw(model, out, Map.of("format", "pt", "lorakit_merged_from", adapterDir.getFileName().toString()));
            AtomicFiles.writeString(outDir.resolve(MERGE_INFO_FILE), JSON.writeValueAsString(info) + "\n");
            return model;
        }
    }

}
