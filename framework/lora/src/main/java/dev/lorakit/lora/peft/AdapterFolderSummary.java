package dev.lorakit.lora.peft;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an adapter folder holds, read from {@code adapter_config.json} and the safetensors header
 * only (no tensor data, no engine): per layer rank, alpha, scale, shapes and parameter count.
 * Backs {@code lorakit adapters inspect DIR}.
 *
 * @param folder the folder
 * @param config the adapter's config
 * @param rawConfig the JSON as written (PEFT's field names)
 * @param layers adapted layers, in file order
 * @param otherTensors tensors that are not LoRA factors (modules to save, biases)
 * @param problems inconsistencies found (A without B, ...)
 * @param subAdapters names of further adapters saved in subfolders
 */
public record AdapterFolderSummary(Path folder, LoraConfig config, JsonNode rawConfig, List<Layer> layers, List<TensorInfo> otherTensors, List<String> problems, List<String> subAdapters) {

    private static final Pattern FACTOR = Pattern.compile("^(.*)\\.(lora_A|lora_B|lora_embedding_A|lora_embedding_B)(\\.weight)?$");

    /**
     * One adapted layer.
     *
     * @param path the layer's module path
     * @param kind {@code linear}, {@code conv2d} or {@code embedding}
     * @param rank r, from A's shape
     * @param alpha alpha after {@code alpha_pattern}
     * @param scale alpha/r, or alpha/√r with rsLoRA
     * @param aShape shape of A
     * @param bShape shape of B
     * @param dtype element type in the file
     */
    public record Layer(String path, String kind, long rank, double alpha, double scale, Shape aShape, Shape bShape, String dtype) {
        /**
         * Parameters of A and B.
         *
         * @return the count
         */
        public long parameters() {
            return aShape.size() + bShape.size();
        }
    }

    /**
     * Reads a folder.
     *
     * @param folder an adapter folder
     * @return the summary
     * @throws IOException when the folder lacks the files or they are malformed
     */
    public static AdapterFolderSummary read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + " is not a directory");
        }
        JsonNode json = PeftAdapters.readConfigJson(folder);
        LoraConfig config = PeftFormat.fromAdapterConfig(json, folder.resolve(PeftFormat.CONFIG_FILE).toString());
        Path weights = folder.resolve(PeftFormat.WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            throw new IOException(folder + " is not an adapter folder: " + PeftFormat.WEIGHTS_FILE + " is missing");
        }
        Map<String, TensorInfo[]> factors = new LinkedHashMap<>();
        List<TensorInfo> others = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            for (TensorInfo t : f.tensors().values()) {
                String key = t.name().startsWith(PeftFormat.KEY_PREFIX) ? t.name().substring(PeftFormat.KEY_PREFIX.length()) : t.name();
                if (!t.name().startsWith(PeftFormat.KEY_PREFIX)) {
                    problems.add("key '" + t.name() + "' lacks PEFT's '" + PeftFormat.KEY_PREFIX + "' prefix");
                }
                Matcher m = FACTOR.matcher(key);
                if (m.matches()) {
                    factors.computeIfAbsent(m.group(1), k -> new TensorInfo[2])[m.group(2).endsWith("A") ? 0 : 1] = t;
                } else {
                    others.add(t);
                }
            }
        }
        List<Layer> layers = new ArrayList<>();
        factors.forEach((path, ab) -> {
            if (ab[0] == null || ab[1] == null) {
                problems.add("layer '" + path + "' has " + (ab[0] == null ? "lora_B but no lora_A" : "lora_A but no lora_B"));
                return;
            }
            long rank = ab[0].shape().get(0);
            String kind = ab[0].name().contains("lora_embedding") ? "embedding" : ab[0].shape().dimension() == 4 ? "conv2d" : "linear";
            double alpha = config.alphaFor(path);
            double scale = alpha / (config.useRslora() ? Math.sqrt(rank) : rank);
            layers.add(new Layer(path, kind, rank, alpha, scale, ab[0].shape(), ab[1].shape(), ab[0].dtype().name()));
        });
        List<String> subs = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            children.filter(p -> Files.isRegularFile(p.resolve(PeftFormat.CONFIG_FILE))).map(p -> p.getFileName().toString()).sorted().forEach(subs::add);
        }
        return new AdapterFolderSummary(folder, config, json, layers, others, problems, subs);
    }

    /**
     * Total parameters in the folder.
     *
     * @return A and B of all layers plus the other tensors
     */
    public long totalParameters() {
        return layers.stream().mapToLong(Layer::parameters).sum() + otherTensors.stream().mapToLong(t -> t.shape().size()).sum();
    }

    /**
     * A human-readable report.
     *
     * @return multi-line text
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("Adapter folder ").append(folder).append('\n');
        for (String field : List.of("peft_type", "task_type", "base_model_name_or_path", "r", "lora_alpha", "lora_dropout", "use_rslora", "bias", "init_lora_weights", "target_modules", "exclude_modules", "modules_to_save", "rank_pattern", "alpha_pattern")) {
            JsonNode v = rawConfig.get(field);
            if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) {
                sb.append(String.format("  %-24s %s%n", field, v.isTextual() ? v.asText() : v.toString()));
            }
        }
        sb.append(String.format("%nLayers (%d):%n", layers.size()));
        int width = Math.max(5, Stream.concat(layers.stream().map(Layer::path), otherTensors.stream().map(TensorInfo::name)).mapToInt(String::length).max().orElse(5));
        sb.append(String.format("  %-" + width + "s  %-9s %5s %8s %8s  %-16s %-16s %10s%n", "layer", "kind", "rank", "alpha", "scale", "A", "B", "params"));
        for (Layer l : layers) {
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %-9s %5d %8s %8s  %-16s %-16s %,10d%n", l.path(), l.kind(), l.rank(), number(l.alpha()), number(l.scale()), l.aShape(), l.bShape(), l.parameters()));
        }
        if (!otherTensors.isEmpty()) {
            sb.append(String.format("%nFully saved tensors (modules_to_save, biases) (%d):%n", otherTensors.size()));
            for (TensorInfo t : otherTensors) {
                sb.append(String.format("  %-" + width + "s  %-5s %-16s %,10d%n", t.name(), t.dtype(), t.shape(), t.shape().size()));
            }
        }
        sb.append(String.format("%nTotal: %,d parameters%n", totalParameters()));
        if (!subAdapters.isEmpty()) {
            sb.append("Other adapters in subfolders: ").append(subAdapters).append('\n');
        }
        for (String p : problems) {
            sb.append("PROBLEM: ").append(p).append('\n');
        }
        return sb.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
