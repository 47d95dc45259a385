package dev.lorakit.bench;

import dev.lorakit.zoo.bert.HuggingFaceFolder;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Hugging Face PEFT baseline of {@link TextBackboneBenchmark}: the same MiniLM training step
 * on PyTorch ({@code framework/bench/src/main/python/peft_minilm_step.py}), run on the real
 * all-MiniLM-L6-v2 weights that this class exports from the Maven artifact into a Hugging Face
 * folder ({@code config.json} + {@code model.safetensors}), so that nothing is downloaded and
 * both sides train the same network.
 */
final class PeftBaseline {

    /** What {@code framework/engine-env.sh} exports beyond the cache folders: not part of a PEFT install. */
    private static final Set<String> ENGINE_ENVIRONMENT = Set.of(
            "LD_PRELOAD", "ONEDNN_MAX_CPU_ISA", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_");

    /** Overrides where the Python script is found (default: next to this module's sources). */
    static final String SCRIPT_PROPERTY = "lorakit.bench.peftScript";

    private final Path script;
    private final Path folder;

    private PeftBaseline(Path script, Path folder) {
        this.script = script;
        this.folder = folder;
    }

    /**
     * Exports MiniLM into {@code folder} and checks that Python can import torch, transformers and
     * peft.
     *
     * @param minilm the MiniLM artifact
     * @param folder where to write the Hugging Face folder
     * @return the baseline, or {@code null} with the reason printed when Python or the script is
     *     missing
     * @throws IOException when the folder cannot be written
     * @throws InterruptedException when interrupted while probing Python
     */
    static PeftBaseline prepare(MiniLmArtifact minilm, Path folder) throws IOException, InterruptedException {
        Path script = locateScript();
        if (!Files.isRegularFile(script)) {
            System.out.println("PEFT baseline skipped: script " + script + " not found (set -D" + SCRIPT_PROPERTY + ")");
            return null;
        }
        Process probe = new ProcessBuilder("python3", "-c", "import torch, transformers, peft")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (probe.waitFor() != 0) {
            System.out.println("PEFT baseline skipped: python3 cannot import torch, transformers and peft "
                    + "(pip install torch transformers peft)");
            return null;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            HuggingFaceFolder.save(minilm.loadEncoder(manager), folder);
        }
        return new PeftBaseline(script, folder);
    }

    /**
     * One training mode's step, in its own Python process.
     *
     * @param mode {@code lora} or {@code full}
     * @param steps timed steps
     * @param warmup warm-up steps
     * @return {@code median_ms}, {@code median_cpu_ms}, {@code peak_rss_mb}, {@code trainable}
     * @throws IOException when the script fails
     * @throws InterruptedException when interrupted
     */
    Map<String, Double> step(String mode, int steps, int warmup) throws IOException, InterruptedException {
        return ChildProcess.run(command(mode, steps, warmup));
    }

    /**
     * One training mode's step as a PEFT user runs it: without the engine environment that
     * {@code framework/engine-env.sh} gives lorakit and, inherited, the baseline above (allocator
     * settings, oneDNN kernel limit, the MKL vendor shim).
     *
     * @param mode {@code lora} or {@code full}
     * @param steps timed steps
     * @param warmup warm-up steps
     * @return as {@link #step}
     * @throws IOException when the script fails
     * @throws InterruptedException when interrupted
     */
    Map<String, Double> stepAsInstalled(String mode, int steps, int warmup) throws IOException, InterruptedException {
        return ChildProcess.run(command(mode, steps, warmup), ENGINE_ENVIRONMENT);
    }

    /** The step script's command line for one mode: SDPA attention, 2 threads. */
    private List<String> command(String mode, int steps, int warmup) {
        return List.of("python3", script.toString(), folder.toString(), mode,
                Integer.toString(steps), Integer.toString(warmup), "sdpa", "2");
    }

    /**
     * The exported Hugging Face folder of MiniLM.
     *
     * @return the folder
     */
    Path folder() {
        return folder;
    }

    /**
     * Another Python script of this module, next to the step script.
     *
     * @param name the file name
     * @return its path
     */
    Path sibling(String name) {
        return script.resolveSibling(name);
    }

    /** The script in the module's sources, found from this class's jar or classes folder. */
    private static Path locateScript() {
        String override = System.getProperty(SCRIPT_PROPERTY);
        if (override != null) {
            return Path.of(override);
        }
        try {
            // .../framework/bench/target/<jar or classes> -> .../framework/bench
            Path code = Path.of(PeftBaseline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().getParent().resolve("src/main/python/peft_minilm_step.py");
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of("framework/bench/src/main/python/peft_minilm_step.py");
        }
    }
}
