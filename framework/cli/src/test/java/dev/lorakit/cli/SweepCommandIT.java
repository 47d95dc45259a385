package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lorakit sweep} over the 2×2 grid ({@code lora.r} × the {@code trainer.lr} alias) with the fixture plugin: every run, a ranked leaderboard. */
class SweepCommandIT {

    @TempDir Path tmp;

    @Test
    void sweepRunsEveryCombinationAndRanksThem() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                "sweep", CliProcess.repo().resolve("configs/spirals-fixture.yaml").toString(),
                "--grid", "lora.r=2,4", "--grid", "trainer.lr=1e-2,1e-3",
                "--set", "trainer.max_steps=10", "--set", "trainer.eval_every=10", "--set", "checkpoint.every_steps=0",
                "--set", "fixture.examples=64", "--runs-root", tmp.toString(), "--plugins-dir", tmp.resolve("none").toString());
        assertThat(code).as(err.toString()).isZero();
        Path sweep;
        try (Stream<Path> dirs = Files.list(tmp)) {
            sweep = dirs.filter(d -> d.getFileName().toString().startsWith("spirals-fixture__sweep__")).findFirst().orElseThrow();
        }
        List<String> csv = Files.readAllLines(sweep.resolve("sweep.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).startsWith("rank,lora.r,trainer.lr,best eval/accuracy,");
        double previous = Double.POSITIVE_INFINITY;
        for (String row : csv.subList(1, 5)) {
            double value = Double.parseDouble(row.split(",")[3]);
            assertThat(value).isLessThanOrEqualTo(previous);
            previous = value;
        }
        try (Stream<Path> runs = Files.list(sweep)) {
            assertThat(runs.filter(Files::isDirectory).filter(d -> Files.isRegularFile(d.resolve("summary.json"))))
                    .hasSize(4);
        }
        // The issue's own example: trainer.lr is an alias, resolved configs show the canonical key.
        Path slow;
        try (Stream<Path> runs = Files.list(sweep)) {
            slow = runs.filter(d -> d.getFileName().toString().endsWith("trainer.lr=1e-3")).findFirst().orElseThrow();
        }
        com.fasterxml.jackson.databind.JsonNode resolved = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(slow.resolve("config.resolved.yaml").toFile());
        assertThat(resolved.at("/trainer/optimizer/lr").asDouble()).isEqualTo(1e-3);
        assertThat(resolved.at("/trainer/optimizer/type").asText()).isEqualTo("adamw");
        assertThat(resolved.get("trainer").has("lr")).isFalse();
        assertThat(out.toString()).contains("[4/4]", "rank  lora.r  trainer.lr");
    }
}
