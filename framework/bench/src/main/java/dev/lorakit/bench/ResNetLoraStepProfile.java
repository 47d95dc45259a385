package dev.lorakit.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.zoo.vision.DjlZooBackbones;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a ResNet-8 training step (forward, loss, backward; batch 64 of 1×28×28) costs with LoRA
 * on every Conv2d and the Linear ({@code configs/fashion-mnist-resnet-lora.yaml}: r=4) against
 * full fine-tuning of the same network, both in one JVM with their steps interleaved, so that
 * other processes' load falls on both alike. Times are process CPU time (all engine threads),
 * which load disturbs far less than wall time; run with {@code
 * BENCH_JAVA_OPTS="-Xmx4g -Dai.djl.pytorch.num_threads=1"}, and once per {@code
 * ONEDNN_MAX_CPU_ISA} value to see what the SSE4.1 kernels cost.
 *
 * <p>{@code framework/bench/run ResNetLoraStepProfile [timedSteps=6] [rank=4]}.
 */
public final class ResNetLoraStepProfile {

    private static final String TARGETS = "regex:0|\\d+\\.0\\.[03]|\\d+\\.1\\.0|6";

    private ResNetLoraStepProfile() {}

    /**
     * Runs the profile and prints a Markdown row per variant.
     *
     * @param args timed step count and LoRA rank
     */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int rank = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Shape image = new Shape(1, 28, 28);
        try (Model full = Model.newInstance("full"); Model lora = Model.newInstance("lora");
                NDManager data = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            full.setBlock(DjlZooBackbones.resNetV1(8, image, 10));
            lora.setBlock(DjlZooBackbones.resNetV1(8, image, 10));
            for (Model m : List.of(full, lora)) {
                m.getBlock().initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1).addAll(image));
            }
            LoraModel.builder().setBlock(lora.getBlock()).setConfig(LoraConfig.of(TARGETS).withR(rank).withAlpha(2.0 * rank)).build();
            NDArray x = data.randomNormal(new Shape(64).addAll(image));
            NDArray y = data.randomInteger(0, 10, new Shape(64), DataType.INT32);
            List<Double> fullMs = new ArrayList<>();
            List<Double> loraMs = new ArrayList<>();
            for (int i = -1; i < steps; i++) {
                double f = step(full.getBlock(), full.getNDManager(), x, y);
                double l = step(lora.getBlock(), lora.getNDManager(), x, y);
                if (i >= 0) {
                    fullMs.add(f);
                    loraMs.add(l);
                }
            }
            String isa = System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "(unset: the CPU's best)");
            double f = DqnRuns.median(fullMs);
            double l = DqnRuns.median(loraMs);
            System.out.println("| ONEDNN_MAX_CPU_ISA | full fine-tuning step, CPU ms (median) | LoRA r=" + rank + " step, CPU ms (median) | LoRA / full |");
            System.out.println("| --- | ---: | ---: | ---: |");
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2fx |%n", isa, f, l, l / f);
            System.out.println("full, each step: " + Arrays.toString(fullMs.stream().mapToLong(Math::round).toArray())
                    + "; LoRA: " + Arrays.toString(loraMs.stream().mapToLong(Math::round).toArray()));
        }
    }

    /** One forward + loss + backward in a sub-manager; returns the process CPU milliseconds it took. */
    private static double step(Block block, NDManager manager, NDArray x, NDArray y) {
        try (NDManager step = manager.newSubManager()) {
            long c0 = cpuNanos();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = block.forward(new ParameterStore(step, false), new NDList(x.duplicate()), true);
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), out);
                gc.backward(loss);
                loss.getFloat();
            }
            block.getParameters().values().forEach(p -> {
                if (p.requiresGradient()) {
                    p.getArray().getGradient().subi(p.getArray().getGradient());
                }
            });
            return (cpuNanos() - c0) / 1e6;
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
