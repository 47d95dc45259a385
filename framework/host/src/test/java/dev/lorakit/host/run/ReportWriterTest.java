package dev.lorakit.host.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path run;

    @Test
    void metricsLoggedOnceAreTableRowsAndCurvesAreCharts() throws IOException {
        Files.writeString(run.resolve(RunFiles.SUMMARY), "{\"name\":\"r\"}");
        Files.writeString(run.resolve(RunFiles.METRICS), String.join("\n",
                "{\"step\":10,\"train/loss\":2.0,\"eval/accuracy\":0.5}",
                "{\"step\":20,\"train/loss\":1.0,\"eval/accuracy\":0.75}",
                "{\"step\":20,\"test/accuracy\":0.8125,\"test/class_accuracy/0_zero\":0.9}",
                ""));

        ReportWriter.write(run);

        String html = Files.readString(run.resolve(RunFiles.REPORT));
        assertThat(html).contains("<img alt=\"train/loss\"", "<img alt=\"eval/accuracy\"");
        assertThat(html).doesNotContain("<img alt=\"test/");
        assertThat(html).contains(
                "<tr><td>test/accuracy</td><td>20</td><td>0.812500</td></tr>",
                "<tr><td>test/class_accuracy/0_zero</td><td>20</td><td>0.900000</td></tr>");
        String testGroup = html.substring(html.indexOf("<h3>test</h3>"));
        assertThat(testGroup).doesNotContain("class=\"grid\"");
    }
}
