package dev.lorakit.lora.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisualizeReportTest {

    @TempDir Path dir;
    private NDManager m;

    @BeforeEach
    void setUp() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        m.close();
    }

    @Test
    void pageImagesDecodeAndItsNumbersMatchDeltaComputedByTheEngine() throws Exception {
        AnalysisFixtures f = AnalysisFixtures.create(m, dir);
        Path page = dir.resolve("report.html");
        try (BaseWeights base = BaseWeights.open(dir.resolve("base.safetensors"))) {
            VisualizeReport.write(page, "tiny", AdapterDeltas.read(dir.resolve("adapter"), AdapterDeltas.layers("0")), base);
        }
        String html = Files.readString(page);
        assertThat(html).contains("block mean").doesNotContain("http://").doesNotContain("https://");

        List<BufferedImage> images = new ArrayList<>();
        Matcher img = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        while (img.find()) {
            images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(img.group(1)))));
        }
        // ΔW, W, W + t·ΔW for five t, spectrum.
        assertThat(images).hasSize(8).allSatisfy(i -> assertThat(i).isNotNull());
        // Layer "0" is 40×5: enlarged by repeating cells, so the image keeps the 8:1 aspect.
        assertThat(images.get(0).getHeight()).isEqualTo(8 * images.get(0).getWidth());

        DenseMatrix direct = new DenseMatrix(40, 5, f.deltaFromEngine("0"));
        DenseMatrix w = DenseMatrix.ofFloats(40, 5, f.baseWeights.get("0.weight"));
        assertThat(number(html, "dw-norm")).isCloseTo(direct.frobenius(), within(1e-5 * direct.frobenius()));
        assertThat(number(html, "dw-max")).isCloseTo(direct.maxAbs(), within(1e-5 * direct.maxAbs()));
        assertThat(number(html, "w-norm")).isCloseTo(w.frobenius(), within(1e-5 * w.frobenius()));
        assertThat(number(html, "relative")).isCloseTo(direct.frobenius() / w.frobenius(), within(1e-5));
        assertThat(number(html, "effective-rank")).isEqualTo(2);
        assertThat(number(html, "residual")).isLessThan(1e-6);
        // The brightest ΔW pixel is the entry of largest |ΔW|, drawn fully saturated.
        int[] arg = argMaxAbs(direct);
        int zoom = images.get(0).getWidth() / 5;
        int rgb = images.get(0).getRGB(arg[1] * zoom, arg[0] * zoom) & 0xFFFFFF;
        assertThat(rgb).isEqualTo(direct.get(arg[0], arg[1]) > 0 ? 0xFF0000 : 0x0000FF);
    }

    @Test
    void withoutBaseThePageSaysWIsUnknownAndDrawsOnlyDelta() throws Exception {
        AnalysisFixtures.create(m, dir);
        String html = VisualizeReport.html("tiny", AdapterDeltas.read(dir.resolve("adapter"), AdapterDeltas.layers(null)), null);
        assertThat(html).contains("Base weights unknown");
        assertThat(Pattern.compile("class=\"w-norm\">unknown").matcher(html).results().count()).isEqualTo(2);
        assertThat(Pattern.compile("data:image/png").matcher(html).results().count()).isEqualTo(4);
    }

    @Test
    void largeMatricesAreBlockMeanDownsampledNotCropped() {
        double[] d = new double[600 * 3];
        for (int i = 0; i < 600; i++) {
            for (int j = 0; j < 3; j++) {
                d[i * 3 + j] = i;
            }
        }
        DenseMatrix small = Heatmap.downsample(new DenseMatrix(600, 3, d));
        assertThat(Heatmap.blocks(new DenseMatrix(600, 3, d))).containsExactly(3, 1);
        assertThat(small.rows()).isEqualTo(200);
        assertThat(small.get(0, 0)).isEqualTo(1.0); // mean of rows 0, 1, 2
        assertThat(small.get(199, 2)).isEqualTo(598.0); // the last rows are kept
    }

    private static double number(String html, String cls) {
        Matcher mm = Pattern.compile("class=\"" + cls + "\">([^<]+)<").matcher(html);
        assertThat(mm.find()).as(cls).isTrue();
        return Double.parseDouble(mm.group(1));
    }

    private static int[] argMaxAbs(DenseMatrix d) {
        int[] best = {0, 0};
        for (int i = 0; i < d.rows(); i++) {
            for (int j = 0; j < d.cols(); j++) {
                if (Math.abs(d.get(i, j)) > Math.abs(d.get(best[0], best[1]))) {
                    best = new int[] {i, j};
                }
            }
        }
        return best;
    }
}
