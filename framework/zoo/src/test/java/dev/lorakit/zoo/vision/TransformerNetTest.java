package dev.lorakit.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerNetTest {

    private NDManager manager;
    private final ParameterStore ps = new ParameterStore();

    @BeforeEach
    void open() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(5);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A small network with the bounded output, initialised. */
    private TransformerNet tinyTanh(int residualBlocks) {
        TransformerNet net = TransformerNet.builder().optChannels(4, 8, 8).optResidualBlocks(residualBlocks)
                .optOutput(TransformerNet.Output.TANH).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        return net;
    }

    static TransformerNet tiny(NDManager manager) {
        TransformerNet net = TransformerNet.builder().optChannels(4, 8, 8).optResidualBlocks(2).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        return net;
    }

    /** PyTorch fast_neural_style TransformerNet's state dict keys, written out by hand. */
    private static List<String> torchKeys(int residualBlocks) {
        List<String> keys = new ArrayList<>();
        List<String> convs = new ArrayList<>(List.of("conv1", "conv2", "conv3"));
        for (int i = 1; i <= residualBlocks; i++) {
            convs.add("res" + i + ".conv1");
            convs.add("res" + i + ".conv2");
        }
        convs.addAll(List.of("deconv1", "deconv2", "deconv3"));
        for (String c : convs) {
            keys.add(c + ".conv2d.weight");
            keys.add(c + ".conv2d.bias");
        }
        for (String n : List.of("in1", "in2", "in3", "in4", "in5")) {
            keys.add(n + ".weight");
            keys.add(n + ".bias");
        }
        for (int i = 1; i <= residualBlocks; i++) {
            for (String n : List.of("in1", "in2")) {
                keys.add("res" + i + "." + n + ".weight");
                keys.add("res" + i + "." + n + ".bias");
            }
        }
        return keys;
    }

    @Test
    void parameterNamesAndShapesAreThePyTorchExamples() {
        TransformerNet net = TransformerNet.builder().build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        Map<String, ai.djl.nn.Parameter> params = ModuleTree.namedParameters(net);
        assertThat(params.keySet()).containsExactlyInAnyOrderElementsOf(torchKeys(5));
        assertThat(params.get("conv1.conv2d.weight").getArray().getShape()).isEqualTo(new Shape(32, 3, 9, 9));
        assertThat(params.get("res5.conv2.conv2d.weight").getArray().getShape()).isEqualTo(new Shape(128, 128, 3, 3));
        assertThat(params.get("deconv3.conv2d.weight").getArray().getShape()).isEqualTo(new Shape(3, 32, 9, 9));
        // 1,679,235 parameters in the PyTorch example's network
        long total = params.values().stream().mapToLong(p -> p.getArray().size()).sum();
        assertThat(total).isEqualTo(1_679_235L);
    }

    @Test
    void outputHasTheInputSize() {
        TransformerNet net = tiny(manager);
        NDArray out = net.stylize(ps, manager.randomUniform(0f, 1f, new Shape(2, 3, 20, 24)));
        assertThat(out.getShape()).isEqualTo(new Shape(2, 3, 20, 24));
        assertThat(net.getOutputShapes(new Shape[] {new Shape(2, 3, 20, 24)})[0]).isEqualTo(new Shape(2, 3, 20, 24));
    }

    @Test
    void tanhOutputStaysInsideTheUnitRangeWhereTheLinearOneLeavesIt() {
        TransformerNet linear = tiny(manager);
        TransformerNet tanh = tinyTanh(2);
        // Same weights in both, so the only difference is the output map.
        Map<String, ai.djl.nn.Parameter> from = ModuleTree.namedParameters(linear);
        ModuleTree.namedParameters(tanh).forEach((k, p) -> p.getArray().set(from.get(k).getArray().toFloatArray()));
        NDArray x = manager.randomUniform(0f, 1f, new Shape(2, 3, 16, 16)).mul(20f);
        NDArray raw = linear.stylize(ps, x);
        NDArray bounded = tanh.stylize(ps, x);
        assertThat(raw.max().getFloat() > 1f || raw.min().getFloat() < 0f)
                .as("this input drives the unbounded output outside [0, 1]").isTrue();
        assertThat(bounded.min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(bounded.max().getFloat()).isLessThanOrEqualTo(1f);
        float[] expected = raw.tanh().add(1f).mul(0.5f).toFloatArray();
        assertThat(bounded.toFloatArray()).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void savedWeightsRecordTheOutputKindAndFilesWithoutItAreLinear(@TempDir Path dir) throws Exception {
        TransformerNet tanh = tinyTanh(1);
        Path recorded = dir.resolve("tanh.safetensors");
        VisionWeights.save(tanh, recorded, Map.of(TransformerNet.OUTPUT_METADATA_KEY, "tanh"));
        Path plain = dir.resolve("plain.safetensors");
        VisionWeights.save(tanh, plain, Map.of("format", "pt"));
        assertThat(TransformerNet.outputOf(WeightsFile.read(recorded))).isEqualTo(TransformerNet.Output.TANH);
        assertThat(TransformerNet.outputOf(WeightsFile.read(plain))).isEqualTo(TransformerNet.Output.LINEAR);
        try (FastStylizer stylizer = FastStylizer.open(recorded)) {
            assertThat(stylizer.network().output()).isEqualTo(TransformerNet.Output.TANH);
        }
        Path bad = dir.resolve("bad.safetensors");
        VisionWeights.save(tanh, bad, Map.of(TransformerNet.OUTPUT_METADATA_KEY, "sigmoid"));
        assertThatThrownBy(() -> TransformerNet.outputOf(WeightsFile.read(bad)))
                .hasMessageContaining("bad.safetensors").hasMessageContaining("sigmoid")
                .hasMessageContaining("allowed: linear, tanh");
    }

    @Test
    void reflectionPaddingMirrorsWithoutTheEdge() {
        // One row 1 2 3 4 padded by 2: torch.nn.ReflectionPad2d gives 3 2 | 1 2 3 4 | 3 2.
        NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, new Shape(1, 1, 3, 4));
        NDArray padded = ConvLayer.reflectionPad(x, 2);
        assertThat(padded.getShape()).isEqualTo(new Shape(1, 1, 7, 8));
        // row 2 of the padded array is input row 0; rows 0 and 1 mirror input rows 2 and 1
        assertThat(padded.get("0, 0, 2").toFloatArray()).containsExactly(3, 2, 1, 2, 3, 4, 3, 2);
        assertThat(padded.get("0, 0, 0").toFloatArray()).containsExactly(11, 10, 9, 10, 11, 12, 11, 10);
        assertThat(padded.get("0, 0, 6").toFloatArray()).containsExactly(3, 2, 1, 2, 3, 4, 3, 2);
    }

    @Test
    void instanceNormStandardisesEachPictureAndChannel() {
        InstanceNorm2d norm = new InstanceNorm2d(2);
        norm.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 4, 4));
        NDArray x = manager.randomNormal(3f, 5f, new Shape(2, 2, 4, 4), DataType.FLOAT32);
        NDArray y = norm.forward(ps, new NDList(x), false).head();
        NDArray flat = y.reshape(4, 16);
        float[] means = flat.mean(new int[] {1}).toFloatArray();
        float[] vars = flat.sub(flat.mean(new int[] {1}, true)).square().mean(new int[] {1}).toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertThat(means[i]).isBetween(-1e-4f, 1e-4f);
            assertThat(vars[i]).isBetween(0.99f, 1.0f);
        }
        assertThatThrownBy(() -> norm.forward(ps, new NDList(manager.zeros(new Shape(1, 3, 2, 2))), false))
                .hasMessageContaining("InstanceNorm2d(2) needs (N, 2, H, W) input, got (1, 3, 2, 2)");
    }

    @Test
    void weightsRoundTripAndTheNetworkIsReadOffTheFile(@TempDir Path tmp) throws Exception {
        TransformerNet net = tiny(manager);
        Path file = tmp.resolve("base.safetensors");
        VisionWeights.save(net, file, Map.of("format", "pt"));
        TransformerNet again = TransformerNet.builderFor(VisionWeights.read(file), file.toString()).build();
        assertThat(again.channels()).containsExactly(4, 8, 8);
        assertThat(again.residualBlocks()).isEqualTo(2);
        again.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        VisionWeights.load(again, file, key -> false);
        NDArray x = manager.randomUniform(0f, 1f, new Shape(1, 3, 16, 16));
        assertThat(net.stylize(ps, x).sub(again.stylize(ps, x)).abs().max().getFloat()).isZero();
        assertThatThrownBy(() -> TransformerNet.builderFor(Map.of(), "x.safetensors"))
                .hasMessageContaining("x.safetensors is not a TransformerNet state dict: no 4-D 'conv1.conv2d.weight'");
    }

    @Test
    void oneReadOfTheFileGivesSizesOutputKindAndWeights(@TempDir Path tmp) throws Exception {
        TransformerNet net = tinyTanh(2);
        Path file = tmp.resolve("base.safetensors");
        VisionWeights.save(net, file, Map.of(TransformerNet.OUTPUT_METADATA_KEY, "tanh", "format", "pt"));
        WeightsFile weights = WeightsFile.read(file);
        // Everything below works from that one read: the file is gone.
        Files.delete(file);
        assertThat(weights.metadata()).containsEntry("format", "pt");
        assertThat(weights.tensors().keySet()).contains("conv1.conv2d.weight", "deconv3.conv2d.bias");
        TransformerNet again = TransformerNet.builderFor(weights).build();
        assertThat(again.channels()).containsExactly(4, 8, 8);
        assertThat(again.residualBlocks()).isEqualTo(2);
        assertThat(again.output()).isEqualTo(TransformerNet.Output.TANH);
        again.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        assertThat(weights.loadInto(again, key -> false)).isEqualTo(ModuleTree.namedParameters(net).size());
        NDArray x = manager.randomUniform(0f, 1f, new Shape(1, 3, 16, 16));
        assertThat(net.stylize(ps, x).sub(again.stylize(ps, x)).abs().max().getFloat()).isZero();
        assertThatThrownBy(() -> WeightsFile.read(file)).hasMessageContaining("Weights file " + file + " does not exist");
    }

    @Test
    void theConv2dSuffixAdaptsEveryConvolution() {
        TransformerNet net = tiny(manager);
        LoraModel lora = LoraModel.builder().setBlock(net).setConfig(LoraConfig.of("conv2d").withR(2)).build();
        // 3 down, 2 per residual block, 3 up
        assertThat(lora.loraLayers()).hasSize(3 + 2 * 2 + 3);
        assertThat(lora.loraLayers()).containsKey("res2.conv1.conv2d");
        NDArray x = manager.randomUniform(0f, 1f, new Shape(1, 3, 16, 16));
        assertThat(net.stylize(ps, x).getShape()).isEqualTo(new Shape(1, 3, 16, 16));
    }
}
