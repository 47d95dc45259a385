package dev.lorakit.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {

    private static NDManager manager;

    @TempDir Path tmp;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static BufferedImage gradient(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | 77);
            }
        }
        return image;
    }

    @Test
    void pngRoundTripIsLosslessThroughArrays() throws IOException {
        BufferedImage image = gradient(20, 12);
        NDArray x = Images.toArray(manager, image);
        assertThat(x.getShape()).isEqualTo(new Shape(3, 12, 20));
        // Pixel (x=5, y=3): red = 5*255/20, green = 3*255/12, blue = 77.
        assertThat(x.getFloat(0, 3, 5)).isEqualTo((5 * 255 / 20) / 255f);
        assertThat(x.getFloat(1, 3, 5)).isEqualTo((3 * 255 / 12) / 255f);
        assertThat(x.getFloat(2, 3, 5)).isEqualTo(77 / 255f);

        Path file = tmp.resolve("sub/out.png");
        Images.write(Images.fromArray(x), file);
        BufferedImage back = Images.read(file);
        assertThat(back.getRGB(0, 0, 20, 12, null, 0, 20)).isEqualTo(image.getRGB(0, 0, 20, 12, null, 0, 20));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temp file left behind
        }
    }

    @Test
    void writtenPicturesGetTheUmaskPermissionsOfAnyNewFile() throws IOException {
        Path reference = Files.createFile(tmp.resolve("reference"));
        assumeTrue(Files.getFileStore(reference).supportsFileAttributeView("posix"), "POSIX permissions");
        Set<PosixFilePermission> umasked = Files.getPosixFilePermissions(reference);
        assumeTrue(umasked.contains(PosixFilePermission.OTHERS_READ), "umask 077 makes every new file 600");

        Path file = tmp.resolve("out.png");
        Images.write(gradient(4, 4), file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(umasked);
    }

    @Test
    void jpegIsWrittenAndReadBackClose() throws IOException {
        Path file = tmp.resolve("out.jpg");
        BufferedImage image = gradient(32, 32);
        Images.write(image, file);
        NDArray back = Images.toArray(manager, Images.read(file));
        NDArray orig = Images.toArray(manager, image);
        assertThat(back.sub(orig).abs().mean().getFloat()).isLessThan(0.03f);
    }

    @Test
    void resizeAndCropGiveRequestedSizes() {
        BufferedImage image = gradient(300, 200);
        BufferedImage shorter = Images.resizeShorterSide(image, 100);
        assertThat(shorter.getWidth()).isEqualTo(150);
        assertThat(shorter.getHeight()).isEqualTo(100);
        BufferedImage crop = Images.centerCrop(shorter, 100, 100);
        assertThat(crop.getWidth()).isEqualTo(100);
        // The crop starts 25 pixels in: its left column is the source's column 25.
        assertThat(crop.getRGB(0, 50)).isEqualTo(shorter.getRGB(25, 50));
        assertThatThrownBy(() -> Images.centerCrop(shorter, 200, 10))
                .hasMessageContaining("Cannot crop 200x10 from a 150x100 image");
    }

    @Test
    void batchStacksImagesAndRejectsMixedSizes() {
        NDArray batch = Images.toBatch(manager, List.of(gradient(8, 6), gradient(8, 6)));
        assertThat(batch.getShape()).isEqualTo(new Shape(2, 3, 6, 8));
        assertThatThrownBy(() -> Images.toBatch(manager, List.of(gradient(8, 6), gradient(6, 6))))
                .hasMessageContaining("Image 1 is 6x6, image 0 is 8x6");
    }

    @Test
    void imagenetNormalizationInverts() {
        NDArray x = Images.toArray(manager, gradient(5, 4)).expandDims(0);
        NDArray n = Normalization.IMAGENET.apply(x);
        // Red channel of pixel (0,0) is 0: (0 - 0.485) / 0.229.
        assertThat(n.getFloat(0, 0, 0, 0)).isCloseTo(-0.485f / 0.229f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(Normalization.IMAGENET.invert(n).sub(x).abs().max().getFloat()).isLessThan(1e-6f);
        assertThatThrownBy(() -> Normalization.IMAGENET.apply(manager.zeros(new Shape(1, 1, 4, 4))))
                .hasMessageContaining("3 channels");
    }

    @Test
    void badFilesGiveClearErrors() throws IOException {
        Path notImage = tmp.resolve("x.png");
        Files.writeString(notImage, "hello");
        assertThatThrownBy(() -> Images.read(notImage)).hasMessageContaining("not a PNG or JPEG");
        assertThatThrownBy(() -> Images.read(tmp.resolve("missing.png"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Images.write(gradient(2, 2), tmp.resolve("x.bmp")))
                .hasMessageContaining("extension must be .png, .jpg or .jpeg");
    }

    @Test
    void realPicturesLoadWhenFetched() throws IOException {
        Path dir = VisionDatasets.imagesDirectory(VisionDatasets.defaultDataDirectory());
        Path astronaut = dir.resolve("astronaut.png");
        Path starry = dir.resolve("starry_night.jpg");
        assumeTrue(
                Files.isRegularFile(astronaut) && Files.isRegularFile(starry),
                "pictures absent; run framework/zoo/src/main/scripts/fetch-images.sh");
        BufferedImage a = Images.read(astronaut);
        assertThat(a.getWidth()).isEqualTo(512);
        assertThat(a.getHeight()).isEqualTo(512);
        BufferedImage s = Images.centerCrop(Images.resizeShorterSide(Images.read(starry), 256), 256, 256);
        NDArray x = Images.toArray(manager, s);
        assertThat(x.getShape()).isEqualTo(new Shape(3, 256, 256));
        // Starry Night is dark and blue: mean blue above mean red.
        assertThat(x.get(2).mean().getFloat()).isGreaterThan(x.get(0).mean().getFloat());
    }
}
