package dev.lorakit.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDatasetReaderTest {

    @TempDir Path dir;

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void csvWithBomQuotesCommasAndLineBreaksInsideFields() throws Exception {
        Path f = write("p.csv", "\uFEFF\"1\",\"the rock is a \"\"new\"\" conan , really \r\n\"\r\n\"-1\",plain, text\n");
        List<TextExample> rows = TextDatasetReader.read(f, new ColumnMapping("1", "0", null, false));
        assertThat(rows).containsExactly(
                TextExample.of("the rock is a \"new\" conan , really", "1"),
                TextExample.of("plain", "-1"));
    }

    @Test
    void headerNamesPairsAndJsonl() throws Exception {
        Path csv = write("nli.csv", "premise,hypothesis,gold\nA man sleeps.,A person rests.,entail\n");
        assertThat(TextDatasetReader.read(csv, new ColumnMapping("premise", "gold", "hypothesis", true)))
                .containsExactly(new TextExample("A man sleeps.", "A person rests.", "entail"));
        Path tsv = write("d.tsv", "label\ttext\nham\tsee you at \"noon\"\n");
        assertThat(TextDatasetReader.read(tsv, ColumnMapping.textAndLabel()))
                .containsExactly(TextExample.of("see you at \"noon\"", "ham"));
        Path jsonl = write("d.jsonl", "{\"text\": \"good\", \"label\": 1}\n\n{\"text\": \"bad\", \"label\": 0}\n");
        assertThat(TextDatasetReader.read(jsonl, ColumnMapping.textAndLabel()))
                .extracting(TextExample::label).containsExactly("1", "0");
    }

    @Test
    void errorsNameFileLineAndColumn() throws Exception {
        Path csv = write("bad.csv", "text,label\nonly-one-field\n");
        assertThatThrownBy(() -> TextDatasetReader.read(csv, ColumnMapping.textAndLabel()))
                .hasMessageContaining("bad.csv line 2").hasMessageContaining("1 fields");
        assertThatThrownBy(() -> TextDatasetReader.read(csv, new ColumnMapping("body", "label", null, true)))
                .hasMessageContaining("no column \"body\"").hasMessageContaining("[text, label]");
        Path jsonl = write("bad.jsonl", "{\"text\": \"x\"}\n");
        assertThatThrownBy(() -> TextDatasetReader.read(jsonl, ColumnMapping.textAndLabel()))
                .hasMessageContaining("bad.jsonl line 1").hasMessageContaining("\"label\"");
        assertThatThrownBy(() -> TextDatasetReader.formatOf(Path.of("x.parquet")))
                .hasMessageContaining(".jsonl");
        assertThatThrownBy(() -> new ColumnMapping("text", "label", null, false))
                .hasMessageContaining("zero-based index");
    }

    @Test
    void labelVocabularyIsSortedAndStrict() {
        LabelVocabulary v = LabelVocabulary.of(List.of(TextExample.of("a", "spam"), TextExample.of("b", "ham")));
        assertThat(v.labels()).containsExactly("ham", "spam");
        assertThat(v.idOf("spam")).isEqualTo(1);
        assertThatThrownBy(() -> v.idOf("eggs")).hasMessageContaining("eggs").hasMessageContaining("[ham, spam]");
    }
}
