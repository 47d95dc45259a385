package dev.lorakit.cli.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import dev.lorakit.cli.Main;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.io.TensorData;
import dev.lorakit.lora.peft.PeftFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapters subcommands on a run directory laid out as {@code ./lorakit run} writes it. */
class AdaptersAnalysisCommandsTest {

    private static final int OUT = 8;
    private static final int IN = 6;
    private static final int R = 4;
    private static final int PLANTED = 2;
    private static final double SCALE = 2.0; // alpha 8 / r 4

    @TempDir Path run;
    private final float[] a = new float[R * IN];
    private final float[] b = new float[OUT * R];
    private final float[] w = new float[OUT * IN];

    @BeforeEach
    void writeRun() throws Exception {
        Random rng = new Random(5);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < OUT; i++) {
            for (int j = 0; j < PLANTED; j++) {
                b[i * R + j] = (float) rng.nextGaussian();
            }
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        Path adapter = Files.createDirectories(run.resolve("adapter"));
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put(PeftFormat.KEY_PREFIX + "fc.lora_A.weight", TensorData.ofFloats(new Shape(R, IN), a));
        t.put(PeftFormat.KEY_PREFIX + "fc.lora_B.weight", TensorData.ofFloats(new Shape(OUT, R), b));
        Safetensors.writeRaw(adapter.resolve(PeftFormat.WEIGHTS_FILE), t, Map.of());
        Files.writeString(adapter.resolve(PeftFormat.CONFIG_FILE), "{\"peft_type\":\"LORA\",\"r\":4,\"lora_alpha\":8,\"target_modules\":[\"fc\"]}");
        Map<String, TensorData> base = new LinkedHashMap<>();
        base.put("fc.weight", TensorData.ofFloats(new Shape(OUT, IN), w));
        base.put("fc.bias", TensorData.ofFloats(new Shape(OUT), new float[OUT]));
        Safetensors.writeRaw(Files.createDirectories(run.resolve("checkpoints/step-000010")).resolve("parameters.safetensors"), base, Map.of());
    }

    private int exec(StringWriter out, StringWriter err, String... args) {
        return Main.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void svdCompareFindsThePlantedRankWithZeroResidualAndUsesTheRunCheckpointAsBase() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(exec(out, err, "adapters", "svd-compare", run.toString(), "--rank", "2")).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("Base weights: " + run.resolve("checkpoints/step-000010/parameters.safetensors"));
        assertThat(text).contains("fc: numerical rank 2 (adapter rank 4)");
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("fc\\s+linear\\s+4\\s+8\\s+2\\s+56\\s+\\S+\\s+\\S+\\s+\\S+\\s+2\\s+2\\s+(\\S+)\\s+(\\S+)").matcher(text);
        assertThat(row.find()).as(text).isTrue();
        assertThat(Double.parseDouble(row.group(1))).isLessThan(1e-12);
        assertThat(Double.parseDouble(row.group(2))).isBetween(0.0, 1.0);
        assertThat(text).doesNotContain("Base weights: unknown");
    }

    @Test
    void inspectOfTheAdapterFolderAddsNormsAndEffectiveRank() {
        StringWriter out = new StringWriter();
        assertThat(exec(out, new StringWriter(), "adapters", "inspect", run.resolve("adapter").toString())).isZero();
        assertThat(out.toString()).contains("effrank").contains("|dW|/|W|").contains("Base weights: ");
    }

    @Test
    void visualizeWritesASelfContainedPage() throws Exception {
        Path page = run.resolve("page.html");
        StringWriter err = new StringWriter();
        assertThat(exec(new StringWriter(), err, "adapters", "visualize", run.toString(), "--out", page.toString())).as(err.toString()).isZero();
        String html = Files.readString(page);
        assertThat(html).contains("block mean").contains("<h2>fc</h2>");
        assertThat(html.split("data:image/png;base64,", -1)).hasSize(1 + 8);
    }

    @Test
    void mergeWritesBasePlusScaledBa() throws Exception {
        Path merged = run.resolve("merged");
        StringWriter err = new StringWriter();
        assertThat(exec(new StringWriter(), err, "adapters", "merge", run.toString(), "--out", merged.toString())).as(err.toString()).isZero();
        try (SafetensorsFile f = SafetensorsFile.open(merged.resolve("model.safetensors"))) {
            float[] got = f.floats("fc.weight");
            for (int i = 0; i < OUT; i++) {
                for (int j = 0; j < IN; j++) {
                    double ba = 0;
                    for (int k = 0; k < R; k++) {
                        ba += (double) b[i * R + k] * a[k * IN + j];
                    }
                    assertThat((double) got[i * IN + j]).isCloseTo(w[i * IN + j] + SCALE * ba, within(1e-5));
                }
            }
            assertThat(f.names()).containsExactlyInAnyOrder("fc.weight", "fc.bias");
        }
        assertThat(merged.resolve("merge.json")).exists();
    }

    @Test
    void convertWithoutLoraFactorsInTheCheckpointNamesTheFile() {
        StringWriter err = new StringWriter();
        assertThat(exec(new StringWriter(), err, "adapters", "convert", run.toString(), "--out", run.resolve("c").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("parameters.safetensors does not hold the adapter of")
                .contains("fc.lora_A.default.weight (for base_model.model.fc.lora_A.weight) is missing");
    }

    @Test
    void badArgumentsFailWithOneLineNamingTheProblem() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(exec(new StringWriter(), err, "adapters", "svd-compare", run.toString(), "--layers", "attn.*")).isEqualTo(1);
        assertThat(err.toString()).contains("--layers attn.* matches no adapted layer");

        Files.delete(run.resolve("checkpoints/step-000010/parameters.safetensors"));
        StringWriter err2 = new StringWriter();
        assertThat(exec(new StringWriter(), err2, "adapters", "merge", run.toString(), "--out", run.resolve("m").toString())).isEqualTo(1);
        assertThat(err2.toString()).contains("no base weights").contains("--base");

        StringWriter out = new StringWriter();
        assertThat(exec(out, new StringWriter(), "adapters", "svd-compare", run.toString())).isZero();
        assertThat(out.toString()).contains("Base weights: unknown").contains("unknown");
    }
}
