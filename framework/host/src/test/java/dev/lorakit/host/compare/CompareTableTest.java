package dev.lorakit.host.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.host.run.RunSummary;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTableTest {

    @TempDir Path tmp;

    private static CompareRun run(CompareMode mode, long seed, long trainable, double accuracy, Double stepTime,
            Long rss, Long adapter) {
        RunSummary summary = new RunSummary("x", "fixture 0.1.0", seed, "0.1.0", null, "2026-11-29T00:00:00Z",
                10.0 + seed, 40, mode.id(), trainable, 1610, "eval/accuracy", true, accuracy, 40L,
                Map.of("eval/accuracy", accuracy, "train/loss", 0.5), Map.of("eval/accuracy", accuracy),
                RunSummary.FINISHED, null);
        RunResources resources = new RunResources(rss, "test", "cpu()", null, "none");
        Map<String, List<double[]>> series = Map.of(
                "eval/accuracy", List.of(new double[] {20, accuracy - 0.1}, new double[] {40, accuracy}),
                mode == CompareMode.LORA ? "lora/only" : "full/only", List.of(new double[] {40, 1}));
        return new CompareRun(mode, seed, Path.of(mode.id() + "__seed-" + seed), summary, resources, stepTime,
                adapter, 7232L, 14353L, series);
    }

    private static final List<CompareRun> RUNS = List.of(
            run(CompareMode.LORA, 1, 458, 0.80, 0.002, 200L << 20, 2408L),
            run(CompareMode.FULL, 1, 1218, 0.70, 0.004, 300L << 20, null),
            run(CompareMode.LORA, 2, 458, 0.90, 0.004, 220L << 20, 2408L),
            run(CompareMode.FULL, 2, 1218, 0.60, null, 310L << 20, null));

    @Test
    void aggregatesEachModeOverItsSeeds() {
        CompareTable table = CompareTable.of(RUNS);

        assertThat(table.modes()).containsExactly(CompareMode.LORA, CompareMode.FULL);
        CompareTable.Stats accuracy = table.row("best_eval/accuracy").stats(CompareMode.LORA);
        assertThat(accuracy.mean()).isCloseTo(0.85, within(1e-12));
        assertThat(accuracy.std()).isCloseTo(Math.sqrt(0.005), within(1e-12)); // sample std of 0.8, 0.9
        assertThat(accuracy.n()).isEqualTo(2);
        assertThat(table.row("step_time_ms").values().get(CompareMode.FULL)).containsExactly(4.0, null);
        assertThat(table.row("step_time_ms").stats(CompareMode.FULL).n()).isEqualTo(1);
        assertThat(table.row("adapter_bytes").stats(CompareMode.FULL).n()).isZero();
        assertThat(table.row("final_train/loss").values().get(CompareMode.LORA)).containsExactly(0.5, 0.5);
        assertThat(table.row("peak_rss_mib").values().get(CompareMode.FULL)).containsExactly(300.0, 310.0);

        String console = table.console();
        assertThat(console.lines().findFirst().orElseThrow()).matches("quantity\\s+lora\\s+full\\s+lora/full");
        assertThat(console).containsPattern("trainable parameters\\s+458 ± 0\\s+1218 ± 0\\s+0\\.376")
                .containsPattern("step time, median \\(ms\\)\\s+3 ± 1\\.4\\s+4 \\(n=1\\)\\s+0\\.750")
                .containsPattern("best eval/accuracy\\s+0\\.85 ± 0\\.071\\s+0\\.65 ± 0\\.071")
                .containsPattern("adapter file \\(bytes\\)\\s+2408 ± 0\\s+-\\s+-");
    }

    @Test
    void csvAndJsonHoldEveryRunsOwnValues() throws Exception {
        CompareTable table = CompareTable.of(RUNS);
        List<String> csv = table.csv().lines().toList();
        assertThat(csv).hasSize(5);
        List<String> header = List.of(csv.get(0).split(",", -1));
        List<String> fullSeed2 = List.of(csv.get(4).split(",", -1));
        assertThat(fullSeed2.get(0)).isEqualTo("full");
        assertThat(fullSeed2.get(header.indexOf("best_eval/accuracy"))).isEqualTo("0.6");
        assertThat(fullSeed2.get(header.indexOf("step_time_ms"))).isEmpty();
        assertThat(fullSeed2.get(header.indexOf("wall_time_s"))).isEqualTo("12");

        JsonNode json = new ObjectMapper().readTree(table.json("configs/x.yaml"));
        assertThat(json.get("main_metric").asText()).isEqualTo("eval/accuracy");
        assertThat(json.get("runs")).hasSize(4);
        assertThat(json.get("runs").get(2).get("values").get("best_eval/accuracy").asDouble()).isEqualTo(0.9);
        assertThat(json.get("aggregate").get("lora").get("trainable_parameters").get("mean").asDouble()).isEqualTo(458);
        assertThat(json.get("aggregate").get("full").get("adapter_bytes").get("n").asInt()).isZero();
    }

    @Test
    void reportDrawsOnlyMetricsEveryModeLoggedWithDecodableCharts() throws Exception {
        assertThat(CompareReport.sharedMetrics(List.of(CompareMode.LORA, CompareMode.FULL), RUNS))
                .containsExactly("eval/accuracy");
        Path html = tmp.resolve("compare.html");
        CompareReport.write(html, "x: lora vs full", CompareTable.of(RUNS), RUNS);

        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<td>0.85 ± 0.071</td>").endsWith("</html>\n");
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(page);
        int images = 0;
        while (m.find()) {
            assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))))).isNotNull();
            images++;
        }
        assertThat(images).isEqualTo(1);
    }
}
