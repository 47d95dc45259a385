package dev.lorakit.zoo.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsDType;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.TensorInfo;
import dev.lorakit.zoo.weights.HostTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads a BERT or RoBERTa encoder from a Hugging Face model folder: {@code config.json} plus
 * {@code model.safetensors}, or shards listed in {@code model.safetensors.index.json}. Keys may
 * carry the {@code bert.}/{@code roberta.} prefix of task checkpoints; the pooler is built when
 * the checkpoint has one.
 *
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     BertModel encoder = HuggingFaceFolder.loadEncoder(Path.of("roberta-small"), manager);
 * }
 * }</pre>
 */
public final class HuggingFaceFolder {

    /** The configuration file of a model folder. */
    public static final String CONFIG = "config.json";
    /** The single-file checkpoint. */
    public static final String SAFETENSORS = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX = "model.safetensors.index.json";
    /** The tokenizer file, when the folder has one. */
    public static final String TOKENIZER = "tokenizer.json";

    private static final String POOLER_PREFIX = "pooler.";

    private HuggingFaceFolder() {}

    /**
     * Builds the encoder the folder describes and loads its weights.
     *
     * @param folder the model folder
     * @param manager owner of the parameters; keep it open while the model is used
     * @return the encoder
     * @throws IOException when a file is missing or unreadable
     * @throws IllegalArgumentException naming missing, unexpected or mis-shaped tensors
     */
    public static BertModel loadEncoder(Path folder, NDManager manager) throws IOException {
        return loadEncoder(folder, manager, true);
    }

    /**
     * Builds the encoder the folder describes and loads its weights, with or without the
     * checkpoint's pooler: {@code keepPooler = false} skips the {@code pooler.*} tensors, as
     * {@code RobertaForSequenceClassification} ({@code add_pooling_layer=False}) does.
     *
     * @param folder the model folder
     * @param manager owner of the parameters; keep it open while the model is used
     * @param keepPooler whether to build the pooler when the checkpoint has one
     * @return the encoder
     * @throws IOException when a file is missing or unreadable
     * @throws IllegalArgumentException naming missing, unexpected or mis-shaped tensors
     */
    public static BertModel loadEncoder(Path folder, NDManager manager, boolean keepPooler) throws IOException {
        BertConfig config = BertConfig.read(require(folder, CONFIG));
        Map<String, HostTensor> tensors = readTensors(folder);
        boolean pooler = false;
        for (Iterator<String> keys = tensors.keySet().iterator(); keys.hasNext(); ) {
            String bare = stripModelPrefix(keys.next());
            if (bare.startsWith(POOLER_PREFIX)) {
                pooler = keepPooler;
                if (!keepPooler) {
                    keys.remove();
                }
            }
        }
        return PretrainedBert.instantiate(config, pooler, tensors, manager, checkpointName(folder));
    }

    /**
     * Writes an encoder as a Hugging Face model folder that {@link #loadEncoder} (and {@code
     * transformers}' {@code AutoModel.from_pretrained}) reads: {@code config.json} and {@code
     * model.safetensors} with the base-model keys ({@code embeddings.word_embeddings.weight},
     * ...). Copy a {@code tokenizer.json} next to them to make the folder a complete backbone.
     *
     * @param encoder an initialized encoder
     * @param folder the folder, created when missing
     * @throws IOException when a file cannot be written
     */
    public static void save(BertModel encoder, Path folder) throws IOException {
        Files.createDirectories(folder);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        ModuleTree.namedParameters(encoder).forEach((k, p) -> tensors.put(k, p.getArray()));
        Safetensors.write(folder.resolve(SAFETENSORS), tensors, Map.of("format", "pt"));
        AtomicFiles.writeString(folder.resolve(CONFIG),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(encoder.getConfig().toJson()));
    }

    /**
     * Every floating-point tensor of the folder's checkpoint, as float32, by checkpoint key.
     * Integer tensors are skipped only when they are known buffers
     * ({@link PretrainedBert#isBuffer(String)}).
     *
     * @param folder the model folder
     * @return key → tensor, in file order
     * @throws IOException when the checkpoint is missing, malformed or holds an unknown integer
     *     tensor
     */
    public static Map<String, HostTensor> readTensors(Path folder) throws IOException {
        Path single = folder.resolve(SAFETENSORS);
        Path index = folder.resolve(INDEX);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        if (Files.isRegularFile(single)) {
            try (SafetensorsFile file = SafetensorsFile.open(single)) {
                readAll(file, new ArrayList<>(file.names()), out);
            }
            return out;
        }
        if (!Files.isRegularFile(index)) {
            throw new IOException(
                    folder + " has neither " + SAFETENSORS + " nor " + INDEX
                            + " (only safetensors checkpoints are supported)");
        }
        Map<String, List<String>> byShard = shards(index);
        for (Map.Entry<String, List<String>> shard : byShard.entrySet()) {
            Path shardPath = require(folder, shard.getKey());
            try (SafetensorsFile file = SafetensorsFile.open(shardPath)) {
                for (String key : shard.getValue()) {
                    if (!file.names().contains(key)) {
                        throw new IOException(
                                index + " puts '" + key + "' in " + shard.getKey() + ", which lacks it");
                    }
                }
                readAll(file, shard.getValue(), out);
            }
        }
        return out;
    }

    /**
     * The folder's tokenizer.json.
     *
     * @param folder the model folder
     * @return the path
     * @throws IOException when the folder has none
     */
    public static Path tokenizerJson(Path folder) throws IOException {
        return require(folder, TOKENIZER);
    }

    private static void readAll(SafetensorsFile file, List<String> keys, Map<String, HostTensor> out)
            throws IOException {
        for (String key : keys) {
            TensorInfo info = file.info(key);
            SafetensorsDType type = info.dtype();
            boolean floating =
                    type == SafetensorsDType.F32
                            || type == SafetensorsDType.F16
                            || type == SafetensorsDType.BF16
                            || type == SafetensorsDType.F64;
            if (!floating) {
                String bare = stripModelPrefix(key);
                if (PretrainedBert.isBuffer(bare)) {
                    continue;
                }
                throw new IOException(
                        file.path() + ": tensor '" + key + "' is " + type + ", expected a floating-point weight");
            }
            out.put(key, new HostTensor(info.shape().getShape(), file.floats(key)));
        }
    }

    private static String stripModelPrefix(String key) {
        for (String prefix : PretrainedBert.MODEL_PREFIXES) {
            if (key.startsWith(prefix)) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

    private static Map<String, List<String>> shards(Path index) throws IOException {
        JsonNode map = new ObjectMapper().readTree(Files.readString(index)).get("weight_map");
        if (map == null || !map.isObject()) {
            throw new IOException(index + " has no \"weight_map\" object");
        }
        Map<String, List<String>> byShard = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText();
            if (shard.contains("/") || shard.contains("\\")) {
                throw new IOException(index + ": shard name \"" + shard + "\" must be a file in the folder");
            }
            byShard.computeIfAbsent(shard, k -> new ArrayList<>()).add(e.getKey());
        }
        return byShard;
    }

    private static Path require(Path folder, String name) throws IOException {
        Path p = folder.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IOException(folder + " has no " + name);
        }
        return p;
    }

    private static String checkpointName(Path folder) {
        return Files.isRegularFile(folder.resolve(SAFETENSORS))
                ? folder.resolve(SAFETENSORS).toString()
                : folder.resolve(INDEX).toString();
    }
}
