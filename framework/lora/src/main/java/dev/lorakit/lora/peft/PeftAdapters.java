package dev.lorakit.lora.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lorakit.lora.InjectionPlan;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraInit;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads adapters as PEFT does: a folder with {@code adapter_config.json} and
 * {@code adapter_model.safetensors}; adapters other than {@code default} go to a subfolder named
 * after them ({@code save_pretrained}'s layout).
 *
 * <pre>{@code
 * PeftAdapters.save(lora, Path.of("run/adapter"), new PeftMetadata("bert-base-uncased", "SEQ_CLS"));
 * LoraModel again = PeftAdapters.load(freshBaseBlock, Path.of("run/adapter"));
 * }</pre>
 *
 * <p>Loading checks the whole folder against the model (config targets, missing and unexpected
 * keys, shapes) before anything changes, so a mismatch never leaves a half-loaded model.
 */
public final class PeftAdapters {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PeftAdapters() {}

    /**
     * The folder an adapter is saved in: {@code dir} for {@code default}, else
     * {@code dir/<adapter>}.
     *
     * @param dir the save directory
     * @param adapter the adapter's name
     * @return its folder
     */
    public static Path adapterDir(Path dir, String adapter) {
        return adapter.equals(LoraModel.DEFAULT_ADAPTER) ? dir : dir.resolve(adapter);
    }

    /**
     * Saves every adapter of a model.
     *
     * @param model the LoRA model
     * @param dir the save directory
     * @param meta base model name and task type for the configs
     * @throws IOException when writing fails
     */
    public static void save(LoraModel model, Path dir, PeftMetadata meta) throws IOException {
        for (String adapter : model.adapterNames()) {
            save(model, dir, adapter, meta);
        }
    }

    /**
     * Saves one adapter to {@link #adapterDir(Path, String)}.
     *
     * @param model the LoRA model
     * @param dir the save directory
     * @param adapter the adapter
     * @param meta base model name and task type
     * @throws IOException when writing fails
     */
    public static void save(LoraModel model, Path dir, String adapter, PeftMetadata meta) throws IOException {
        LoraConfig config = model.config(adapter);
        Block root = model.getBlock();
        InjectionPlan plan = InjectionPlan.resolve(root, config);
        Map<String, Shape> layout = plan.stateShapes(root, config.bias(), adapter);
        java.util.Set<String> adapted = adaptedLayers(plan);
        Map<String, Parameter> params = ModuleTree.namedParameters(root);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (String internal : layout.keySet()) {
            tensors.put(PeftFormat.toPeftKey(internal, adapter, adapted), params.get(internal).getArray());
        }
        Path folder = adapterDir(dir, adapter);
        Safetensors.write(folder.resolve(PeftFormat.WEIGHTS_FILE), tensors, Map.of("format", "pt"));
        AtomicFiles.writeString(folder.resolve(PeftFormat.CONFIG_FILE), JSON.writeValueAsString(PeftFormat.toAdapterConfig(config, meta, JSON)) + "\n");
    }

    /**
     * Injects the adapter of a folder into a plain model as adapter {@code default}.
     *
     * @param root the base model's top block, initialised with the base weights
     * @param folder the adapter folder
     * @return the LoRA model
     * @throws IOException when the folder cannot be read or does not fit the model
     */
    public static LoraModel load(Block root, Path folder) throws IOException {
        return load(root, folder, LoraModel.DEFAULT_ADAPTER);
    }

    /**
     * Injects the adapter of a folder into a plain model under a name.
     *
     * @param root the base model's top block
     * @param folder the adapter folder (read directly, as PEFT's {@code from_pretrained})
     * @param adapter the name to give the adapter
     * @return the LoRA model
     * @throws IOException when the folder cannot be read or does not fit the model
     */
    public static LoraModel load(Block root, Path folder, String adapter) throws IOException {
        return loadInto(root, null, folder, adapter);
    }

    /**
     * Adds the adapter of a folder to a LoRA model (PEFT's {@code load_adapter}); it is not made
     * active.
     *
     * @param model the LoRA model
     * @param folder the adapter folder
     * @param adapter the name to give the adapter
     * @throws IOException when the folder cannot be read or does not fit the model
     */
    public static void loadAdapter(LoraModel model, Path folder, String adapter) throws IOException {
        loadInto(model.getBlock(), model, folder, adapter);
    }

    /**
     * Reads an adapter folder's config.
     *
     * @param folder the adapter folder
     * @return the config and the raw JSON
     * @throws IOException when the file is missing or not valid JSON
     */
    public static JsonNode readConfigJson(Path folder) throws IOException {
        Path file = folder.resolve(PeftFormat.CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(folder + " is not an adapter folder: " + PeftFormat.CONFIG_FILE + " is missing");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static java.util.Set<String> adaptedLayers(InjectionPlan plan) {
        java.util.Set<String> paths = new java.util.HashSet<>();
        plan.layers().forEach(l -> paths.add(l.path()));
        return paths;
    }

    private static LoraModel loadInto(Block root, LoraModel existing, Path folder, String adapter) throws IOException {
        Path configFile = folder.resolve(PeftFormat.CONFIG_FILE);
        Path weightsFile = folder.resolve(PeftFormat.WEIGHTS_FILE);
        LoraConfig saved = PeftFormat.fromAdapterConfig(readConfigJson(folder), configFile.toString());
        // A PiSSA adapter's base is already the residual: loading must not run the SVD again.
        LoraConfig config = saved.init() == LoraInit.PISSA ? saved.withInit(LoraInit.DEFAULT) : saved;
        InjectionPlan plan;
        try {
            plan = InjectionPlan.resolve(root, config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + " does not fit this model: " + e.getMessage(), e);
        }
        Map<String, Shape> expected = plan.stateShapes(root, config.bias(), adapter);
        if (!Files.isRegularFile(weightsFile)) {
            throw new IOException(folder + " is not an adapter folder: " + PeftFormat.WEIGHTS_FILE + " is missing");
        }
        Map<String, NDArray> staged = new LinkedHashMap<>();
        NDManager manager = ModuleTree.namedParameters(root).values().iterator().next().getArray().getManager();
        try (SafetensorsFile file = SafetensorsFile.open(weightsFile)) {
            Map<String, String> fileKeyOf = new LinkedHashMap<>();
            List<String> unexpected = new ArrayList<>();
            List<String> shapes = new ArrayList<>();
            for (TensorInfo t : file.tensors().values()) {
                String internal;
                try {
                    internal = PeftFormat.toInternalKey(t.name(), adapter);
                } catch (IllegalArgumentException e) {
                    unexpected.add(t.name());
                    continue;
                }
                Shape want = expected.get(internal);
                if (want == null) {
                    unexpected.add(t.name());
                } else if (!want.equals(t.shape())) {
                    shapes.add(t.name() + " is " + t.shape() + ", the model needs " + want);
                }
                fileKeyOf.put(internal, t.name());
            }
            List<String> missing = expected.keySet().stream().filter(k -> !fileKeyOf.containsKey(k)).map(k -> PeftFormat.toPeftKey(k, adapter, adaptedLayers(plan))).toList();
            if (!missing.isEmpty() || !unexpected.isEmpty() || !shapes.isEmpty()) {
                throw new IllegalArgumentException(weightsFile + " does not match the model and " + PeftFormat.CONFIG_FILE + ":"
                        + (missing.isEmpty() ? "" : " missing keys " + missing + ";")
                        + (unexpected.isEmpty() ? "" : " unexpected keys " + unexpected + ";")
                        + (shapes.isEmpty() ? "" : " shape mismatches " + shapes + ";")
                        + " nothing was loaded");
            }
            try {
                for (Map.Entry<String, String> e : fileKeyOf.entrySet()) {
                    staged.put(e.getKey(), file.load(manager, e.getValue()));
                }
            } catch (IOException | RuntimeException e) {
                staged.values().forEach(NDArray::close);
                throw e;
            }
        }
        LoraModel model = existing;
        if (model == null) {
            model = LoraModel.builder().setBlock(root).setConfig(config).optAdapterName(adapter).build();
        } else {
            model.addAdapter(adapter, config);
        }
        Map<String, Parameter> params = ModuleTree.namedParameters(root);
        for (Map.Entry<String, NDArray> e : staged.entrySet()) {
            NDArray target = params.get(e.getKey()).getArray();
            NDArray loaded = e.getValue();
            NDArray value = loaded.getDataType() == target.getDataType() ? loaded : loaded.toType(target.getDataType(), true);
            value.copyTo(target);
            if (value != loaded) {
                value.close();
            }
            loaded.close();
        }
        return model;
    }
}
