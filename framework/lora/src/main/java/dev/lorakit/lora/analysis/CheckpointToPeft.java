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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts a lorakit checkpoint (tensors under {@code ModuleTree} names such as
 * {@code fc.lora_A.default.weight}) to a PEFT adapter folder, using the run's
 * {@code adapter_config.json}. Adapters with {@code bias} other than {@code none} or with
 * {@code modules_to_save} are refused: their extra tensors' names are not mapped yet.
 */
public final class CheckpointToPeft {

    private CheckpointToPeft() {}

    /**
     * Converts adapter {@code default} of a checkpoint.
     *
     * @param checkpoint a checkpoint directory, run directory or parameters file
     * @param configFolder a PEFT folder whose {@code adapter_config.json} describes the adapter
     * @param outDir the folder to write
     * @return the number of tensors written
     * @throws IOException when files cannot be read or written, or the checkpoint holds no LoRA factors
     */
    public static int convert(Path checkpoint, Path configFolder, Path outDir) throws IOException {
        var json = PeftAdapters.readConfigJson(configFolder);
        LoraConfig config = PeftFormat.fromAdapterConfig(json, configFolder.resolve(PeftFormat.CONFIG_FILE).toString());
        if (config.bias() != LoraBias.NONE || !config.modulesToSave().isEmpty()) {
            throw new IllegalArgumentException(configFolder.resolve(PeftFormat.CONFIG_FILE) + ": converting adapters with bias or modules_to_save is not supported yet");
        }
        Path file = BaseWeights.resolve(checkpoint);
        Map<String, TensorData> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (TensorInfo t : f.tensors().values()) {
                if (t.name().matches(".*\\.lora_(embedding_)?[AB]\\." + LoraModel.DEFAULT_ADAPTER + "(\\.weight)?$")) {
                    out.put(PeftFormat.toPeftKey(t.name(), LoraModel.DEFAULT_ADAPTER), new TensorData(t.dtype(), t.shape(), f.raw(t.name())));
                }
            }
            if (out.isEmpty()) {
                throw new IOException(file + " holds no LoRA factors of adapter '" + LoraModel.DEFAULT_ADAPTER + "' (no '*.lora_A.default.weight' tensors)");
            }
            Files.createDirectories(outDir);
            Safetensors.writeRaw(outDir.resolve(PeftFormat.WEIGHTS_FILE), out, Map.of("format", "pt"));
        }
        AtomicFiles.writeString(outDir.resolve(PeftFormat.CONFIG_FILE), Files.readString(configFolder.resolve(PeftFormat.CONFIG_FILE)));
        return out.size();
    }
}
