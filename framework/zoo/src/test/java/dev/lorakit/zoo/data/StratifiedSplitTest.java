package dev.lorakit.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    private static List<TextExample> data() {
        List<TextExample> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            out.add(TextExample.of("text " + i, i % 3 == 0 ? "spam" : "ham"));
        }
        return out;
    }

    @Test
    void keepsLabelProportionsAndCoversEveryExampleOnce() {
        StratifiedSplit.Parts p = new StratifiedSplit(0.1, 0.2).split(data(), 7);
        assertThat(p.test()).hasSize(60);
        assertThat(p.validation()).hasSize(30);
        assertThat(p.train()).hasSize(210);
        assertThat(p.test().stream().filter(e -> e.label().equals("spam")).count()).isEqualTo(20);
        HashSet<TextExample> all = new HashSet<>(p.train());
        all.addAll(p.validation());
        all.addAll(p.test());
        assertThat(all).hasSize(300);
    }

    @Test
    void theSeedDecidesTheSplit() {
        StratifiedSplit s = new StratifiedSplit(0.1, 0.1);
        assertThat(s.split(data(), 1)).isEqualTo(s.split(data(), 1));
        assertThat(s.split(data(), 1).test()).isNotEqualTo(s.split(data(), 2).test());
        assertThatThrownBy(() -> new StratifiedSplit(0.5, 0.5)).hasMessageContaining("validation + test < 1");
    }
}
