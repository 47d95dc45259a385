package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.TensorData;
import dev.lorakit.lora.peft.PeftFormat;
import dev.lorakit.lora.peft.PeftMetadata;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaptersInspectCommandTest {

    @TempDir Path dir;

    private void writeAdapter(Path folder) throws Exception {
        LoraConfig config = LoraConfig.of("query", "emb").withR(4).withAlpha(16).withModulesToSave("classifier");
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("base_model.model.encoder.layer.0.attention.self.query.lora_A.weight", TensorData.ofFloats(new Shape(4, 6), new float[24]));
        t.put("base_model.model.encoder.layer.0.attention.self.query.lora_B.weight", TensorData.ofFloats(new Shape(5, 4), new float[20]));
        t.put("base_model.model.emb.lora_embedding_A", TensorData.ofFloats(new Shape(4, 10), new float[40]));
        t.put("base_model.model.emb.lora_embedding_B", TensorData.ofFloats(new Shape(3, 4), new float[12]));
        t.put("base_model.model.classifier.weight", TensorData.ofFloats(new Shape(2, 5), new float[10]));
        Safetensors.writeRaw(folder.resolve(PeftFormat.WEIGHTS_FILE), t, Map.of("format", "pt"));
        ObjectMapper json = new ObjectMapper();
        AtomicFiles.writeString(folder.resolve(PeftFormat.CONFIG_FILE), json.writeValueAsString(PeftFormat.toAdapterConfig(config, new PeftMetadata("tiny-bert", "SEQ_CLS"), json)));
    }

    private int run(StringWriter out, StringWriter err, String... args) {
        return Main.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void printsLayersShapesScaleAndConfig() throws Exception {
        writeAdapter(dir);
        writeAdapter(Files.createDirectories(dir.resolve("second")));
        StringWriter out = new StringWriter();
        int code = run(out, new StringWriter(), "adapters", "inspect", dir.toString());
        assertThat(code).isZero();
        String text = out.toString();
        assertThat(text).contains("peft_type").contains("LORA").contains("tiny-bert").contains("SEQ_CLS");
        assertThat(text).containsPattern("encoder\\.layer\\.0\\.attention\\.self\\.query\\s+linear\\s+4\\s+16\\s+4\\s+\\(4, 6\\)\\s+\\(5, 4\\)\\s+44");
        assertThat(text).containsPattern("emb\\s+embedding\\s+4\\s+16\\s+4\\s+\\(4, 10\\)\\s+\\(3, 4\\)\\s+52");
        assertThat(text).contains("base_model.model.classifier.weight");
        assertThat(text).contains("Total: 106 parameters");
        assertThat(text).contains("Other adapters in subfolders: [second]");
    }

    @Test
    void missingOrCorruptFolderFailsWithTheFileName() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "adapters", "inspect", dir.resolve("nope").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nope").contains("not a directory");

        writeAdapter(dir);
        Path weights = dir.resolve(PeftFormat.WEIGHTS_FILE);
        Files.write(weights, java.util.Arrays.copyOf(Files.readAllBytes(weights), 40));
        StringWriter err2 = new StringWriter();
        assertThat(run(new StringWriter(), err2, "adapters", "inspect", dir.toString())).isEqualTo(1);
        assertThat(err2.toString()).contains(weights.toString());
    }
}
