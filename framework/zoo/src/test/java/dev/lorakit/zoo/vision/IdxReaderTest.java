package dev.lorakit.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir Path tmp;

    static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    @Test
    void readsGzippedAndPlainFilesIntoBatches() throws IOException {
        // Two 2x3 images; image 1 has pixel (row 1, col 2) = 255.
        byte[] px = new byte[12];
        px[6 + 5] = (byte) 255;
        px[0] = 51;
        write(tmp.resolve("img.gz"), idx(new int[] {2, 2, 3}, px), true);
        write(tmp.resolve("lbl"), idx(new int[] {2}, new byte[] {7, 2}), false);
        List<String> classes = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        LabelledImages set = IdxReader.readLabelledImages(tmp.resolve("img.gz"), tmp.resolve("lbl"), classes);
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.classCounts()).containsExactly(0, 0, 1, 0, 0, 0, 0, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = set.images(m, new int[] {1, 0});
            assertThat(x.getShape()).isEqualTo(new Shape(2, 1, 2, 3));
            assertThat(x.getFloat(0, 0, 1, 2)).isEqualTo(1f);
            assertThat(x.getFloat(1, 0, 0, 0)).isEqualTo(0.2f);
            assertThat(set.labels(m, new int[] {1, 0}).toLongArray()).containsExactly(2L, 7L);
        }
        LabelledImages sub = set.subset(new int[] {1});
        assertThat(sub.size()).isEqualTo(1);
        assertThat(sub.label(0)).isEqualTo(2);
    }

    @Test
    void rejectsTruncatedForeignAndMismatchedFiles() throws IOException {
        Path truncated = tmp.resolve("t");
        write(truncated, idx(new int[] {3, 2, 2}, new byte[5]), false);
        assertThatThrownBy(() -> IdxReader.read(truncated)).hasMessageContaining("truncated");

        Path foreign = tmp.resolve("f");
        Files.write(foreign, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> IdxReader.read(foreign)).hasMessageContaining("not an IDX file");

        Path img = tmp.resolve("i");
        Path lbl = tmp.resolve("l");
        write(img, idx(new int[] {2, 1, 1}, new byte[2]), false);
        write(lbl, idx(new int[] {3}, new byte[3]), false);
        assertThatThrownBy(() -> IdxReader.readLabelledImages(img, lbl, List.of("x")))
                .hasMessageContaining("expected [2]");

        write(lbl, idx(new int[] {2}, new byte[] {0, 4}), false);
        assertThatThrownBy(() -> IdxReader.readLabelledImages(img, lbl, List.of("x", "y")))
                .hasMessageContaining("label 4 of image 1 is outside [0, 2)");
    }

    @Test
    void missingDataSetNamesTheFetchScript() {
        assertThatThrownBy(() -> VisionDatasets.fashionMnist(tmp, VisionDatasets.Split.TEST))
                .hasMessageContaining("fetch-fashion-mnist.sh");
    }

    @Test
    void realFashionMnistTestSplit() throws IOException {
        Path dir = VisionDatasets.fashionMnistDirectory(VisionDatasets.defaultDataDirectory());
        assumeTrue(
                Files.isRegularFile(dir.resolve("t10k-images-idx3-ubyte.gz")),
                "Fashion-MNIST absent; run framework/zoo/src/main/scripts/fetch-fashion-mnist.sh");
        LabelledImages test = VisionDatasets.fashionMnist(dir, VisionDatasets.Split.TEST);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.height()).isEqualTo(28);
        assertThat(test.classCounts()).containsOnly(1000); // the test split is balanced
        assertThat(test.label(0)).isEqualTo(9); // the first test item is an ankle boot
    }
}
