package dev.lorakit.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.lorakit.plugins.styletransfer.ColourStatistics;
import dev.lorakit.plugins.styletransfer.GatysStyleTransfer;
import dev.lorakit.plugins.styletransfer.StyleLosses;
import dev.lorakit.api.Seeds;
import dev.lorakit.zoo.vision.ContactSheet;
import dev.lorakit.zoo.vision.Images;
import dev.lorakit.zoo.vision.Normalization;
import dev.lorakit.zoo.vision.Vgg19;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How much each style layer weighs in the style loss on the real pictures, with the random VGG19
 * that every run here uses: for each content picture against the style picture, each layer's
 * style loss as lorakit computes it (Gram ÷ C·H·W, mean squared difference — the same per-layer
 * value as PyTorch's neural-style tutorial and Johnson's fast-neural-style in pytorch/examples),
 * its share of the sum over layers, the share the same differences would have under Gatys et
 * al.'s {@code 1/(4 N² M²)} (lorakit's value × C² / 4), the share of each layer's pixel
 * gradient norm (what drives the optimisation), and — after a Gatys optimisation with the
 * given per-layer weights ({@code style-transfer.weights.style_layers}) — each layer's loss
 * again, how far it fell, and the style check's colour distances to the style picture; the
 * results' contact sheet goes to {@code target/style-layer-probe/<weights>.png}.
 *
 * <p>{@code framework/bench/run StyleLayerShareProbe [iterations] [size] [widthDivisor] [pooling]
 * [layers] [layerWeights] [styleWeight]}; defaults {@code 50 128 2 average
 * conv1_1,conv2_1,conv3_1,conv4_1,conv5_1 1,1,1,1,1 1e5}: {@code configs/style-gatys.yaml}, with
 * the VGG19 initialised from that config's seed exactly as its run does. {@code iterations 0}
 * measures the start only (e.g. the fast configs' layers: {@code 0 64 4 max
 * relu1_2,relu2_2,relu3_4,relu4_4}). Pictures come from {@code $LORAKIT_DATA/images}
 * ({@code fetch-images.sh}).
 */
public final class StyleLayerShareProbe {

    private static final List<String> CONTENTS = List.of("astronaut.png", "chelsea.png", "coffee.png");
    private static final String STYLE = "starry_night.jpg";

    private StyleLayerShareProbe() {}

    /** One picture's per-layer measurements. */
    private record Row(String layer, long channels, double loss, double paperLoss, double gradientNorm) {}

    /**
     * Runs the probe and prints a Markdown table.
     *
     * @param args iterations, size, width divisor, pooling, layers, layer weights, style weight
     * @throws Exception when a picture cannot be read
     */
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int divisor = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Vgg19.Pooling pooling = args.length > 3 && args[3].equals("max") ? Vgg19.Pooling.MAX : Vgg19.Pooling.AVERAGE;
        List<String> layers = args.length > 4 ? List.of(args[4].split(",")) : GatysStyleTransfer.STYLE_LAYERS;
        List<Double> layerWeights = args.length > 5
                ? Arrays.stream(args[5].split(",")).map(Double::valueOf).toList()
                : null;
        double styleWeight = args.length > 6 ? Double.parseDouble(args[6]) : 1e5;
        if (iterations > 0 && !layers.equals(GatysStyleTransfer.STYLE_LAYERS)) {
            throw new IllegalArgumentException("the optimisation uses Gatys' layers " + GatysStyleTransfer.STYLE_LAYERS
                    + "; give iterations 0 to probe other layers, got " + layers);
        }
        Path dir = Path.of(System.getenv().getOrDefault("LORAKIT_DATA",
                System.getProperty("user.home") + "/.cache/lorakit/data"), "images");
        System.out.printf(Locale.ROOT, "size %d, VGG19 width /%d, %s pooling, %d L-BFGS iterations, style weight %.0e,"
                + " layer weights %s%n%n", size, divisor, pooling, iterations, styleWeight,
                layerWeights == null ? "equal" : layerWeights);
        System.out.println("| picture | layer | C | loss (÷C·H·W, mean) | share | share under 1/(4N²M²) | pixel-gradient share"
                + (iterations > 0 ? " | loss after | after / before |" : " |"));
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---:" + (iterations > 0 ? " | ---: | ---: |" : " |"));
        List<List<BufferedImage>> sheet = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            // The same initialisation sequence as a run with seed 1: seed, then build the loss network.
            Seeds.seedEngine(1);
            Vgg19 vgg = Vgg19.builder().optWidthDivisor(divisor).optPooling(pooling).build();
            vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            vgg.freezeParameters(true);
            BufferedImage styleView = Images.resizeShorterSide(Images.read(dir.resolve(STYLE)), size);
            for (String name : CONTENTS) {
                BufferedImage content = Images.centerCrop(Images.resizeShorterSide(Images.read(dir.resolve(name)), size), size, size);
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = Images.toArray(step, content).expandDims(0);
                    NDArray s = Images.toArray(step, styleView).expandDims(0);
                    List<Row> before = measure(vgg, x, s, layers, true);
                    List<Row> after = null;
                    BufferedImage result = null;
                    if (iterations > 0) {
                        GatysStyleTransfer.Builder b = GatysStyleTransfer.builder().setLossNetwork(vgg)
                                .optMethod(GatysStyleTransfer.Method.LBFGS).optIterations(iterations)
                                .optWeights(1, styleWeight, 0).optMeasureParts(false);
                        if (layerWeights != null) {
                            b.optStyleLayerWeights(layerWeights);
                        }
                        NDArray image = b.build().stylize(x, s).image();
                        after = measure(vgg, image, s, layers, false);
                        result = Images.fromArray(image);
                        sheet.add(List.of(content, styleView, result));
                    }
                    print(name, before, after);
                    if (result != null) {
                        ColourStatistics target = ColourStatistics.of(styleView);
                        colours.add(String.format(Locale.ROOT, "| %s | %.3f → %.3f | %.3f → %.3f |", name,
                                ColourStatistics.of(content).momentDistance(target), ColourStatistics.of(result).momentDistance(target),
                                ColourStatistics.of(content).histogramDistance(target),
                                ColourStatistics.of(result).histogramDistance(target)));
                    }
                }
            }
        }
        if (!sheet.isEmpty()) {
            System.out.println();
            System.out.println("| picture | colour distance to the style, content → result | histogram distance, content → result |");
            System.out.println("| --- | --- | --- |");
            colours.forEach(System.out::println);
            Path out = Path.of("target", "style-layer-probe",
                    (layerWeights == null ? "equal" : args[5].replace(',', '_')) + ".png");
            Images.write(ContactSheet.draw(List.of("content", "style", "Gatys L-BFGS"), sheet, 192), out);
            System.out.println();
            System.out.println("contact sheet: " + out.toAbsolutePath());
        }
    }

    private static List<Row> measure(Vgg19 vgg, NDArray image, NDArray style, List<String> layers, boolean gradients) {
        ParameterStore ps = new ParameterStore(image.getManager(), false);
        List<Row> rows = new ArrayList<>();
        try (NDManager scratch = image.getManager().newSubManager()) {
            NDList styleFeatures = vgg.extract(ps, Normalization.IMAGENET.apply(style), false, layers);
            for (int l = 0; l < layers.size(); l++) {
                NDArray targetGram = StyleLosses.gram(styleFeatures.get(l));
                double gradientNorm = Double.NaN;
                double loss;
                long channels;
                // A fresh copy per layer, so each gradient is that layer's alone.
                NDArray x = image.duplicate();
                x.attach(scratch);
                if (gradients) {
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = x.getManager().getEngine().newGradientCollector()) {
                        NDArray f = vgg.extract(ps, Normalization.IMAGENET.apply(x), false, List.of(layers.get(l))).head();
                        NDArray layerLoss = StyleLosses.style(f, targetGram);
                        gc.backward(layerLoss);
                        loss = layerLoss.getFloat();
                        channels = f.getShape().get(1);
                    }
                    gradientNorm = Math.sqrt(x.getGradient().square().sum().getFloat());
                } else {
                    NDArray f = vgg.extract(ps, Normalization.IMAGENET.apply(x), false, List.of(layers.get(l))).head();
                    loss = StyleLosses.style(f, targetGram).getFloat();
                    channels = f.getShape().get(1);
                }
                rows.add(new Row(layers.get(l), channels, loss, loss * channels * channels / 4, gradientNorm));
            }
        }
        return rows;
    }

    private static void print(String picture, List<Row> before, List<Row> after) {
        double loss = before.stream().mapToDouble(Row::loss).sum();
        double paper = before.stream().mapToDouble(Row::paperLoss).sum();
        double gradient = before.stream().mapToDouble(Row::gradientNorm).sum();
        for (int l = 0; l < before.size(); l++) {
            Row r = before.get(l);
            String tail = after == null ? " |" : String.format(Locale.ROOT, " | %.3g | %.3f |", after.get(l).loss(),
                    after.get(l).loss() / r.loss());
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.3g | %.1f%% | %.1f%% | %.1f%%%s%n", picture, r.layer(),
                    r.channels(), r.loss(), 100 * r.loss() / loss, 100 * r.paperLoss() / paper,
                    100 * r.gradientNorm() / gradient, tail);
        }
    }
}
