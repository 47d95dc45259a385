package dev.lorakit.lora.analysis;

import dev.lorakit.lora.LoraBias;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.TensorData;
import dev.lorakit.lora.io.TensorInfo;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a lorakit checkpoint (tensors under {@code ModuleTree} names such as
 * {@code fc.lora_A.default.weight}, {@code classifier.weight}) to a PEFT adapter folder, using the
 * run's adapter folder as the template.
 *
 * <p>Which tensors a PEFT file of this adapter holds — the LoRA factors, and with {@code bias:
 * all|lora_only} the biases, and the {@code modules_to_save} tensors (PEFT saves those under the
 * module's own name: {@code base_model.model.classifier.weight}, its model-side {@code
 * classifier.modules_to_save.default.weight} with the wrapper segment removed) — is decided by the
 * rules of {@code InjectionPlan.stateShapes} when the run saves its adapter. Rather than
 * re-deriving those rules from tensor names, the conversion takes the key list of the template's
 * own {@code adapter_model.safetensors} and fills every key from the checkpoint (mapped by {@link
 * PeftFormat#toInternalKey}), checking each shape. A template without weights file can only
 * describe a plain adapter ({@code bias: none}, no {@code modules_to_save}): then the LoRA factors
 * are taken by name.
 */
public final class CheckpointToPeft {

    private CheckpointToPeft() {}

    /**
     * Converts adapter {@code default} of a checkpoint.
     *
     * @param checkpoint a checkpoint directory, run directory or parameters file
     * @param configFolder a PEFT folder whose {@code adapter_config.json} (and {@code
     *     adapter_model.safetensors}, when present) describe the adapter
     * @param outDir the folder to write
     * @return the number of tensors written
     * @throws IOException when files cannot be read or written, or the checkpoint lacks a tensor
     *     the adapter has (the message names every missing or mis-shaped one)
     */
    public static int convert(Path checkpoint, Path configFolder, Path outDir) throws IOException {
        var json = PeftAdapters.readConfigJson(configFolder);
        Path configFile = configFolder.resolve(PeftFormat.CONFIG_FILE);
        LoraConfig config = PeftFormat.fromAdapterConfig(json, configFile.toString());
        Path template = configFolder.resolve(PeftFormat.WEIGHTS_FILE);
        Path file = BaseWeights.resolve(checkpoint);
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            if (Files.isRegularFile(template)) {
                copyTemplateKeys(f, template, out);
            } else if (config.bias() != LoraBias.NONE || !config.modulesToSave().isEmpty()) {
                throw new IOException(configFile + ": bias " + config.bias().configName() + ", modules_to_save "
                        + config.modulesToSave() + ": converting needs the adapter's own " + PeftFormat.WEIGHTS_FILE
                        + " next to it (its keys say which biases and modules the adapter saves), and " + template
                        + " does not exist");
            } else {
                copyLoraFactors(f, out);
            }
            if (out.isEmpty()) {
                throw new IOException(file + " holds no LoRA factors of adapter '" + LoraModel.DEFAULT_ADAPTER
                        + "' (no '*.lora_A.default.weight' tensors)");
            }
            Files.createDirectories(outDir);
            Safetensors.writeRaw(outDir.resolve(PeftFormat.WEIGHTS_FILE), out, Map.of("format", "pt"));
        }
        AtomicFiles.writeString(outDir.resolve(PeftFormat.CONFIG_FILE), Files.readString(configFile));
        return out.size();
    }

    private static void copyTemplateKeys(SafetensorsFile checkpoint, Path template, Map<String, TensorData> out)
            throws IOException {
        List<String> problems = new ArrayList<>();
        try (SafetensorsFile t = SafetensorsFile.open(template)) {
            for (TensorInfo want : t.tensors().values()) {
                String internal = PeftFormat.toInternalKey(want.name(), LoraModel.DEFAULT_ADAPTER);
                TensorInfo have = checkpoint.tensors().get(internal);
                if (have == null) {
                    problems.add(internal + " (for " + want.name() + ") is missing");
                } else if (!have.shape().equals(want.shape())) {
                    problems.add(internal + " has shape " + have.shape() + ", the adapter's " + want.name() + " has "
                            + want.shape());
                } else {
                    out.put(want.name(), new TensorData(have.dtype(), have.shape(), checkpoint.raw(internal)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(checkpoint.path() + " does not hold the adapter of " + template + ": "
                    + String.join("; ", problems));
        }
    }

    private static void copyLoraFactors(SafetensorsFile f, Map<String, TensorData> out) throws IOException {
        for (TensorInfo t : f.tensors().values()) {
            if (t.name().matches(".*\\.lora_(embedding_)?[AB]\\." + LoraModel.DEFAULT_ADAPTER + "(\\.weight)?$")) {
                out.put(PeftFormat.toPeftKey(t.name(), LoraModel.DEFAULT_ADAPTER),
                        new TensorData(t.dtype(), t.shape(), f.raw(t.name())));
            }
        }
    }
}
