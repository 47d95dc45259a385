package dev.lorakit.plugins.styletransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StyleCheckTest {

    @TempDir Path tmp;

    private static BufferedImage filled(int rgb, int w, int h) {
        BufferedImage p = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p.setRGB(x, y, rgb);
            }
        }
        return p;
    }

    /** Left half one colour, right half another. */
    private static BufferedImage halves(int left, int right) {
        BufferedImage p = filled(left, 10, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 5; x < 10; x++) {
                p.setRGB(x, y, right);
            }
        }
        return p;
    }

    @Test
    void momentsAndHistogramOfKnownPictures() {
        ColourStatistics black = ColourStatistics.of(filled(0x000000, 3, 3));
        ColourStatistics white = ColourStatistics.of(filled(0xFFFFFF, 5, 2));
        ColourStatistics half = ColourStatistics.of(halves(0x000000, 0xFFFFFF));
        assertThat(black.mean()).containsExactly(0, 0, 0);
        assertThat(half.mean()).containsExactly(new double[] {0.5, 0.5, 0.5}, within(1e-12));
        assertThat(half.std()).containsExactly(new double[] {0.5, 0.5, 0.5}, within(1e-12));
        // Means differ by 1 in each channel, deviations are 0: √3.
        assertThat(black.momentDistance(white)).isCloseTo(Math.sqrt(3), within(1e-12));
        assertThat(black.momentDistance(black)).isZero();
        assertThat(black.histogramDistance(white)).isEqualTo(1.0);
        assertThat(half.histogramDistance(black)).isCloseTo(0.5, within(1e-12));
        assertThat(half.histogramDistance(half)).isCloseTo(0.0, within(1e-12));
        // Red 0xF0 falls in the last of 8 bins, green 0x10 in the first: bin (7·8 + 0)·8 + 0.
        assertThat(ColourStatistics.of(filled(0xF01000, 2, 2)).histogram()[7 * 64]).isEqualTo(1.0);
    }

    @Test
    void aResultThatMovedTowardsTheStyleIsVisibleAndOneThatDidNotIsNot() {
        ColourStatistics style = ColourStatistics.of(filled(0x2040C0, 8, 8));
        BufferedImage content = filled(0xC0A060, 8, 8);
        StyleCheck moved = StyleCheck.of("a.png", content, halves(0xC0A060, 0x2040C0), style, 2.0, 0.5, 0.1);
        assertThat(moved.colourDistanceAfter()).isLessThan(moved.colourDistanceBefore());
        assertThat(moved.histogramDistanceBefore()).isEqualTo(1.0);
        assertThat(moved.histogramDistanceAfter()).isCloseTo(0.5, within(1e-12));
        assertThat(moved.styleVisible()).isTrue();
        // Lower style loss alone is not enough: the colours did not move.
        StyleCheck unchanged = StyleCheck.of("b.png", content, content, style, 2.0, 0.5, 0.0);
        assertThat(unchanged.styleVisible()).isFalse();
        StyleCheck lossUp = StyleCheck.of("c.png", content, halves(0xC0A060, 0x2040C0), style, 0.5, 2.0, 0.1);
        assertThat(lossUp.styleVisible()).isFalse();

        Map<String, Double> m = StyleCheck.means(List.of(moved, unchanged), "check/");
        assertThat(m.get("check/style_loss_content")).isEqualTo(2.0);
        assertThat(m.get("check/style_loss_result")).isEqualTo(0.5);
        assertThat(m.get("check/content_loss_result")).isCloseTo(0.05, within(1e-12));
        assertThat(m.get("check/histogram_distance_result")).isCloseTo(0.75, within(1e-12));
        assertThat(m.get("check/style_visible")).isEqualTo(0.5);
        assertThatThrownBy(() -> StyleCheck.means(List.of(), "x")).hasMessageContaining("No pictures");
    }

    @Test
    void reportIsATableWithOneRowPerPicture() throws Exception {
        ColourStatistics style = ColourStatistics.of(filled(0x2040C0, 8, 8));
        BufferedImage content = filled(0xC0A060, 8, 8);
        StyleCheck.writeReport(List.of(StyleCheck.of("a<b>.png", content, halves(0xC0A060, 0x2040C0), style, 2.0, 0.5, 0.1),
                StyleCheck.of("c.png", content, content, style, 2.0, 2.5, 0.0)), tmp);
        String html = Files.readString(tmp.resolve(StyleCheck.REPORT_FILE));
        assertThat(html).contains("<td>a&lt;b&gt;.png</td>").contains("<td>yes</td>").contains("<td>no</td>");
        assertThat(html.split("<tr>")).hasSize(4);
    }
}
