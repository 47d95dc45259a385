package dev.lorakit.zoo.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.zoo.weights.HostTensor;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniLmArtifactTest {

    @TempDir Path dir;

    @Test
    void readsTheRealJarByPathWithEveryWeightNamed() throws Exception {
        URL url = MiniLmArtifact.class.getClassLoader().getResource(MiniLmArtifact.ONNX_ENTRY);
        assertThat(url).as("MiniLM jar on the test class path").isNotNull();
        Path jar = Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
        Map<String, HostTensor> tensors = MiniLmArtifact.at(jar).readTensors();
        // 5 embedding tensors + 6 layers x 16; no pooler in the export
        assertThat(tensors).hasSize(101);
        assertThat(tensors.keySet()).noneMatch(k -> k.startsWith("onnx::"));
        assertThat(tensors.get("encoder.layer.3.intermediate.dense.weight").shape()).containsExactly(1536, 384);
        assertThat(tensors.get("encoder.layer.3.output.dense.weight").shape()).containsExactly(384, 1536);
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        assertThatThrownBy(() -> MiniLmArtifact.at(dir.resolve("absent.jar")))
                .hasMessageContaining("absent.jar");
        Files.writeString(dir.resolve("model.onnx"), "x");
        assertThatThrownBy(() -> MiniLmArtifact.at(dir))
                .hasMessageContaining("tokenizer.json");
    }
}
