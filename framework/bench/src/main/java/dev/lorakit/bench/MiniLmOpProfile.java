package dev.lorakit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.loss.Loss;
import dev.lorakit.train.DefaultLearner;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.zoo.bert.BertClassifier;
import dev.lorakit.zoo.onnx.MiniLmArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The MiniLM training step of {@link TextBackboneBenchmark}, op by op, next to PEFT's: libtorch's
 * profiler records lorakit's steps (through {@link DefaultLearner}) and {@code torch.profiler}
 * records PEFT's on the same weights, batch and thread count
 * ({@code src/main/python/peft_minilm_profile.py}); {@code src/main/python/op_table.py} then
 * prints each op's self time per step for both, side by side, and with {@code shapes} per op and
 * input shapes. Both Chrome traces stay in {@code OUT_DIR} for a closer look.
 *
 * <p>{@code framework/bench/run MiniLmOpProfile [lora|full] [OUT_DIR=target/minilm-ops]
 * [warmupSteps=4] [profiledSteps=3] [shapes]}. The thread count is DJL's
 * ({@code -Dai.djl.pytorch.num_threads}, default 2), passed on to PyTorch. Profiled times are
 * wall times of the ops, so compare the two columns of one run, and read them against the matrix
 * products (the same work on both sides), not as absolute step times.
 */
public final class MiniLmOpProfile {

    private MiniLmOpProfile() {}

    /**
     * Runs both profiles and prints the table.
     *
     * @param args mode, output folder, warm-up and profiled step counts, optional {@code shapes}
     * @throws Exception if MiniLM cannot be read or a Python step fails
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "lora";
        if (!mode.equals("lora") && !mode.equals("full")) {
            throw new IllegalArgumentException("mode must be lora or full, got " + mode);
        }
        Path out = Path.of(args.length > 1 ? args[1] : "target/minilm-ops").toAbsolutePath();
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        boolean shapes = args.length > 4 && args[4].equals("shapes");
        String threads = System.getProperty("ai.djl.pytorch.num_threads", "2");
        Files.createDirectories(out);
        Path javaTrace = out.resolve("lorakit-" + mode + ".json");
        Path peftTrace = out.resolve("peft-" + mode + ".json");
        MiniLmArtifact minilm = MiniLmArtifact.fromClasspath();
        profileLorakit(minilm, mode.equals("lora"), warmup, steps, javaTrace);
        Path folder = Files.createTempDirectory("minilm-hf");
        try {
            PeftBaseline peft = PeftBaseline.prepare(minilm, folder);
            List<String> table = new ArrayList<>(List.of("python3", javaTrace.toString(), Integer.toString(steps)));
            if (peft != null) {
                run(List.of("python3", peft.sibling("peft_minilm_profile.py").toString(), peft.folder().toString(),
                        mode, peftTrace.toString(), Integer.toString(warmup), Integer.toString(steps), threads));
                table.add(peftTrace.toString());
                table.add(Integer.toString(steps));
                table.add(1, peft.sibling("op_table.py").toString());
            } else {
                table.add(1, Path.of("framework/bench/src/main/python/op_table.py").toString());
            }
            if (shapes) {
                table.add("--shapes");
            }
            System.out.printf(Locale.ROOT, "MiniLM %s step, batch 32 x 64, %s threads, %d profiled steps after %d warm-up%n%n",
                    mode, threads, steps, warmup);
            run(table);
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void profileLorakit(MiniLmArtifact minilm, boolean lora, int warmup, int steps, Path trace)
            throws java.io.IOException {
        TextBackboneBenchmark.Batch batch = new TextBackboneBenchmark.Batch();
        try (NDManager manager = NDManager.newBaseManager()) {
            BertClassifier clf = TextBackboneBenchmark.classifier(minilm, manager);
            if (lora) {
                TextBackboneBenchmark.addLora(clf);
            }
            Loss loss = Loss.softmaxCrossEntropyLoss();
            try (DefaultLearner learner = DefaultLearner.builder().setModel(clf)
                    .setOptimizer(AdamWConfig.defaults().newOptimizer(manager)).setSeed(0).build()) {
                for (int i = 0; i < warmup + steps; i++) {
                    if (i == warmup) {
                        JniUtils.startProfile(false, true, false);
                    }
                    try (NDManager step = manager.newSubManager()) {
                        NDList in = batch.inputs(step);
                        NDArray y = step.create(batch.labels);
                        learner.step(fwd -> loss.evaluate(new NDList(y), fwd.apply(in)));
                    }
                }
                JniUtils.stopProfile(trace.toString());
            }
        }
    }

    private static void run(List<String> command) throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new java.io.IOException("exit code " + p.exitValue() + " from " + String.join(" ", command));
        }
    }
}
