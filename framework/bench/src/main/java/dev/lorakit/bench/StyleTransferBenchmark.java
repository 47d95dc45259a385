package dev.lorakit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftFormat;
import dev.lorakit.lora.peft.PeftMetadata;
import dev.lorakit.plugins.styletransfer.GatysStyleTransfer;
import dev.lorakit.zoo.vision.TransformerNet;
import dev.lorakit.zoo.vision.Vgg19;
import dev.lorakit.zoo.vision.VisionWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Style transfer costs on one 256×256 picture: Gatys optimisation (L-BFGS with strong-Wolfe
 * search and Adam) in seconds per 100 iterations, measured on {@code ITERS} iterations and
 * scaled; the fast network's forward pass (the PyTorch example's TransformerNet: 32, 64, 128
 * channels, 5 residual blocks) in seconds per picture; and the size of a style adapter (PEFT
 * folder, LoRA on every convolution) against the full network's weights file. Medians of
 * {@code RUNS} runs; the methods alternate within each run so that load from other processes
 * hits them alike.
 *
 * <p>{@code framework/bench/run StyleTransferBenchmark [runs] [iterations] [vggWidthDivisor]}
 * (defaults 5, 10, 1 — torchvision's full VGG19 with random weights).
 */
public final class StyleTransferBenchmark {

    private static final int SIZE = 256;

    private StyleTransferBenchmark() {}

    /**
     * Runs the benchmark and prints Markdown rows.
     *
     * @param args runs, Gatys iterations per measurement, VGG19 width divisor
     * @throws Exception when writing the adapter files fails
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int divisor = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        double[] lbfgs = new double[runs];
        double[] adam = new double[runs];
        double[] fast = new double[runs];
        int[] lbfgsEvals = new int[runs];
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(1);
            Vgg19 vgg = Vgg19.builder().optWidthDivisor(divisor).build();
            vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            TransformerNet net = TransformerNet.builder().build();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            NDArray content = manager.randomUniform(0f, 1f, new Shape(1, 3, SIZE, SIZE));
            NDArray style = manager.randomUniform(0f, 1f, new Shape(1, 3, SIZE, SIZE));
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager warm = manager.newSubManager()) {
                net.stylize(ps, content).toFloatArray();
            }
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                GatysStyleTransfer.Result l = GatysStyleTransfer.builder().setLossNetwork(vgg).optIterations(iterations)
                        .optMethod(GatysStyleTransfer.Method.LBFGS).optMeasureParts(false).build().stylize(content, style);
                lbfgs[r] = (System.nanoTime() - t0) / 1e9 * 100.0 / l.losses().length;
                lbfgsEvals[r] = l.evaluations();
                l.image().close();
                t0 = System.nanoTime();
                GatysStyleTransfer.builder().setLossNetwork(vgg).optIterations(iterations).optMeasureParts(false).build()
                        .stylize(content, style).image().close();
                adam[r] = (System.nanoTime() - t0) / 1e9 * 100.0 / iterations;
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = content.duplicate();
                    x.attach(step);
                    t0 = System.nanoTime();
                    net.stylize(ps, x).toFloatArray();
                    fast[r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            System.out.println("| measurement (256×256, " + runs + " runs, median) | value |");
            System.out.println("| --- | --- |");
            row("Gatys L-BFGS, s per 100 iterations (VGG19 width /" + divisor + ", " + iterations + " iterations timed, "
                    + median(Arrays.stream(lbfgsEvals).asDoubleStream().toArray()) + " evaluations)", median(lbfgs));
            row("Gatys Adam, s per 100 iterations (VGG19 width /" + divisor + ", " + iterations + " iterations timed)", median(adam));
            row("fast TransformerNet forward, s per picture", median(fast));
            row("L-BFGS / Adam time ratio", median(lbfgs) / median(adam));
            row("Adam per 100 iterations / fast forward", median(adam) / median(fast));
            sizes();
        }
    }

    /**
     * Rows for the size of style adapters (r = 4, 8, 16 on all 16 convolutions) against the full
     * network's safetensors, for the PyTorch example's network and for the shipped configs' one.
     */
    private static void sizes() throws Exception {
        Path dir = Files.createTempDirectory("style-bench");
        sizes(dir.resolve("example"), "PyTorch example's TransformerNet (32/64/128, 5 residual blocks)", 32, 64, 128, 5);
        sizes(dir.resolve("configs"), "configs' TransformerNet (16/32/64, 3 residual blocks)", 16, 32, 64, 3);
    }

    private static void sizes(Path dir, String label, int c1, int c2, int c3, int blocks) throws Exception {
        Files.createDirectories(dir);
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerNet net = TransformerNet.builder().optChannels(c1, c2, c3).optResidualBlocks(blocks).build();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            Path full = dir.resolve("base.safetensors");
            VisionWeights.save(net, full, Map.of("format", "pt"));
            long fullBytes = Files.size(full);
            row(label + ", full safetensors, KB", fullBytes / 1024.0);
            for (int rank : new int[] {4, 8, 16}) {
                TransformerNet copy = TransformerNet.builder().optChannels(c1, c2, c3).optResidualBlocks(blocks).build();
                copy.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
                LoraModel lora = LoraModel.builder().setBlock(copy).setConfig(LoraConfig.of("conv2d").withR(rank)).build();
                Path folder = dir.resolve("r" + rank);
                PeftAdapters.save(lora, folder, new PeftMetadata("style-transfer", null));
                long bytes = Files.size(folder.resolve(PeftFormat.WEIGHTS_FILE)) + Files.size(folder.resolve(PeftFormat.CONFIG_FILE));
                row(String.format(Locale.ROOT, "  style adapter r=%d (all 16 convolutions), KB (%.1f%% of full)", rank,
                        100.0 * bytes / fullBytes), bytes / 1024.0);
            }
        }
    }

    private static void row(String name, double value) {
        System.out.printf(Locale.ROOT, "| %s | %.3f |%n", name, value);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
