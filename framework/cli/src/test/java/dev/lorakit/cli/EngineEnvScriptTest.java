package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code framework/engine-env.sh}, which {@code ./lorakit} and {@code framework/bench/run} source
 * before starting the JVM: oneDNN's fast kernels only for convolution-free runs, the allocator
 * settings always, and the caller's own values kept.
 */
class EngineEnvScriptTest {

    private static final String TEXT = CliProcess.repo().resolve("configs/polarity-minilm-lora.yaml").toString();
    private static final String SPAM = CliProcess.repo().resolve("configs/spam-minilm-lora.yaml").toString();
    private static final String VISION = CliProcess.repo().resolve("configs/fashion-mnist-cnn.yaml").toString();

    private static String isa(String... args) throws IOException, InterruptedException {
        return EngineEnvScript.exported(Map.of(), args).get("ONEDNN_MAX_CPU_ISA");
    }

    @Test
    void convolutionFreeConfigsKeepTheFastKernels() throws Exception {
        assertThat(isa("run", TEXT)).isEqualTo("ALL");
        assertThat(isa("compare", TEXT, SPAM, "--seeds", "2")).isEqualTo("ALL");
    }

    @Test
    void anythingElseGetsTheConvolutionSafeKernels() throws Exception {
        assertThat(isa("run", VISION)).isEqualTo("SSE41");
        assertThat(isa("compare", TEXT, VISION)).as("one config with convolutions").isEqualTo("SSE41");
        assertThat(isa("plugins", "list")).as("no config").isEqualTo("SSE41");
        assertThat(isa()).isEqualTo("SSE41");
    }

    @Test
    void aRunFolderIsJudgedByItsResolvedConfig(@TempDir Path dir) throws Exception {
        Path text = Files.createDirectories(dir.resolve("text-run"));
        Files.writeString(text.resolve("config.resolved.yaml"), "# lorakit config\nplugin: \"sentiment\"\nseed: 1\n");
        Path style = Files.createDirectories(dir.resolve("style-run"));
        Files.writeString(style.resolve("config.resolved.yaml"), "plugin: style-transfer\n");
        assertThat(isa("predict", text.toString(), "a fine film")).isEqualTo("ALL");
        assertThat(isa("resume", style.toString())).isEqualTo("SSE41");
    }

    @Test
    void theCallersValuesWin() throws Exception {
        Map<String, String> vars = EngineEnvScript.exported(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "MALLOC_TOP_PAD_", "1024"), "run", VISION);
        assertThat(vars).containsEntry("ONEDNN_MAX_CPU_ISA", "AVX2").containsEntry("MALLOC_TOP_PAD_", "1024");
    }

    @Test
    void allocatorSettingsAreAlwaysExported() throws Exception {
        Map<String, String> vars = EngineEnvScript.exported(Map.of());
        assertThat(vars)
                .containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432")
                .containsEntry("MALLOC_TRIM_THRESHOLD_", "17179869184")
                .containsEntry("MALLOC_TOP_PAD_", "268435456");
        assertThat(vars.get("DJL_CACHE_DIR")).endsWith(".cache/lorakit/djl");
    }
}
