package dev.lorakit.plugins.styletransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftMetadata;
import dev.lorakit.testing.support.TestContext;
import dev.lorakit.zoo.vision.TransformerNet;
import dev.lorakit.zoo.vision.Vgg19;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loss_network.adapter}: a PEFT adapter for VGG19 (trained elsewhere) loaded into the loss
 * network, frozen, and used by a training run; and the errors for folders that are not such an
 * adapter.
 */
class LossNetworkAdapterTest {

    private static final int DIVISOR = 16;
    private static final int VGG_SEED = 21;

    @TempDir Path tmp;
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The random VGG19 that {@link LossNetworks#build} makes after the engine is seeded with {@link #VGG_SEED}. */
    private Vgg19 seededVgg() {
        ai.djl.engine.Engine.getInstance().setRandomSeed(VGG_SEED);
        Vgg19 vgg = Vgg19.builder().optWidthDivisor(DIVISOR).build();
        vgg.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return vgg;
    }

    /** An adapter on conv1_1 and conv2_1 whose B matrices are non-zero, so it changes the features. */
    private Path writeVggAdapter() throws Exception {
        Vgg19 vgg = seededVgg();
        LoraModel lora = LoraModel.builder().setBlock(vgg)
                .setConfig(LoraConfig.of("features.0", "features.5").withR(2)).optSeed(3).build();
        for (Map.Entry<String, Parameter> e : lora.trainableParameters().entrySet()) {
            if (e.getKey().contains("lora_B")) {
                NDArray b = e.getValue().getArray();
                b.set(manager.randomNormal(0f, 0.5f, b.getShape(), DataType.FLOAT32).toFloatArray());
            }
        }
        Path folder = tmp.resolve("vgg-adapter");
        PeftAdapters.save(lora, folder, new PeftMetadata("vgg19", null));
        return folder;
    }

    private static StyleTransferConfig.LossNetwork withAdapter(String adapter) {
        return new StyleTransferConfig.LossNetwork(null, DIVISOR, "max", adapter);
    }

    private Vgg19 build(StyleTransferConfig.LossNetwork config) throws Exception {
        ai.djl.engine.Engine.getInstance().setRandomSeed(VGG_SEED);
        return LossNetworks.build(config, new TestContext(tmp.resolve("run"), tmp, 1, manager));
    }

    private float[] conv2(Vgg19 vgg, NDArray x) {
        return vgg.extract(new ParameterStore(manager, false), x, false, List.of("relu2_1")).head().toFloatArray();
    }

    @Test
    void theAdapterIsLoadedIntoTheLossNetworkFrozenAndChangesItsFeatures() throws Exception {
        Path folder = writeVggAdapter();
        NDArray x = manager.randomUniform(0f, 1f, new Shape(1, 3, 32, 32));
        Vgg19 plain = build(withAdapter(null));
        Vgg19 adapted = build(withAdapter(folder.toString()));
        // The same random base with the same seed: the adapter is the only difference.
        assertThat(ModuleTree.namedParameters(adapted).keySet())
                .contains("features.0.lora_A.default.weight", "features.5.lora_B.default.weight");
        assertThat(conv2(adapted, x)).isNotEqualTo(conv2(plain, x));
        assertThat(ModuleTree.namedParameters(adapted).values()).allMatch(p -> !p.requiresGradient());

        // Reloading the saved adapter reproduces the loss network exactly.
        Vgg19 again = build(withAdapter(folder.toString()));
        assertThat(conv2(again, x)).containsExactly(conv2(adapted, x));
    }

    @Test
    void aFastRunTrainsItsNetworkAndLeavesTheLossNetworksAdapterUnchanged() throws Exception {
        Path folder = writeVggAdapter();
        Path data = tmp.resolve("data");
        StyleTransferPluginTest.writePictures(data.resolve("images"));
        StyleTransferConfig base = StyleTransferPluginTest.fastConfig(null);
        StyleTransferConfig config = new StyleTransferConfig(base.dataDir(), base.contentImages(), base.styleImage(),
                base.imageSize(), null, base.weights(), withAdapter(folder.toString()), base.fast(), null);
        Path run = tmp.resolve("fast");
        FastStyleTask task = (FastStyleTask) new StyleTransferPlugin().createTask(config, new TestContext(run, data, 7, manager));
        task.onModelReady(task.model());
        Map<String, float[]> vggBefore = lossNetworkAdapter(task);
        assertThat(vggBefore).hasSize(4);
        float[] netBefore = ModuleTree.namedParameters(task.model()).get("conv1.conv2d.weight").getArray().toFloatArray();
        assertThat(StyleTransferPluginTest.train(task, manager, 2, 10).length).as("applied steps").isEqualTo(2);
        assertThat(ModuleTree.namedParameters(task.model()).get("conv1.conv2d.weight").getArray().toFloatArray())
                .isNotEqualTo(netBefore);
        Map<String, float[]> vggAfter = lossNetworkAdapter(task);
        vggBefore.forEach((k, v) -> assertThat(vggAfter.get(k)).as(k).containsExactly(v));
        assertThat(Files.readString(run.resolve(LossNetworks.NOTE_FILE)))
                .contains("frozen LoRA adapter from " + folder).contains("RANDOM weights");
        task.close();
    }

    private static Map<String, float[]> lossNetworkAdapter(FastStyleTask task) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        ModuleTree.namedParameters(task.lossNetwork()).forEach((k, p) -> {
            if (k.contains(".lora_")) {
                out.put(k, p.getArray().toFloatArray());
            }
        });
        return out;
    }

    /**
     * The random loss network must neither blow up nor vanish, or its Gram matrices say nothing:
     * DJL initialises convolutions as He et al. (Gaussian, variance 2 / fan-in), which keeps the
     * second moment of ReLU activations roughly constant with depth. On the real pictures at full
     * width (128 px) the activations' RMS was 1.6–4.3 from conv1_1 to conv5_1 with max pooling,
     * 1.2–2.0 with average pooling (docs/vision.md).
     */
    @Test
    void theRandomLossNetworksActivationsAndGramMatricesStayInASaneRange() throws Exception {
        for (String pooling : List.of("max", "average")) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(VGG_SEED);
            Vgg19 vgg = LossNetworks.build(new StyleTransferConfig.LossNetwork(null, 8, pooling, null),
                    new TestContext(tmp.resolve("run"), tmp, 1, manager));
            NDArray picture = dev.lorakit.zoo.vision.Normalization.IMAGENET.apply(manager.randomUniform(0f, 1f, new Shape(1, 3, 64, 64)));
            NDList acts = vgg.extract(new ParameterStore(manager, false), picture, false, GatysStyleTransfer.STYLE_LAYERS);
            for (int i = 0; i < acts.size(); i++) {
                String layer = GatysStyleTransfer.STYLE_LAYERS.get(i) + " (" + pooling + ")";
                float rms = acts.get(i).square().mean().sqrt().getFloat();
                assertThat(rms).as(layer + " activation RMS").isBetween(0.3f, 10f);
                NDArray gram = StyleLosses.gram(acts.get(i));
                // Gram entries are second moments divided by the channel count.
                float channels = acts.get(i).getShape().get(1);
                assertThat(gram.abs().mean().getFloat() * channels).as(layer + " Gram magnitude × C").isBetween(0.05f, 100f);
            }
        }
    }

    @Test
    void badAdapterFoldersNameTheKeyAndTheProblem() throws Exception {
        assertThatThrownBy(() -> build(withAdapter(tmp.resolve("missing").toString())))
                .hasMessageContaining("style-transfer.loss_network.adapter")
                .hasMessageContaining("missing")
                .hasMessageContaining("adapter_config.json is missing");

        // A style adapter of the TransformerNet is not an adapter of VGG19.
        TransformerNet net = TransformerNet.builder().optChannels(4, 8, 8).optResidualBlocks(1).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        LoraModel lora = LoraModel.builder().setBlock(net).setConfig(LoraConfig.of("conv2d").withR(2)).build();
        Path styleAdapter = tmp.resolve("style-adapter");
        PeftAdapters.save(lora, styleAdapter, new PeftMetadata("style-transfer", null));
        assertThatThrownBy(() -> build(withAdapter(styleAdapter.toString())))
                .hasMessageContaining("style-transfer.loss_network.adapter \"" + styleAdapter + "\"")
                .hasMessageContaining("VGG19");

        assertThatThrownBy(() -> withAdapter(" "))
                .hasMessageContaining("loss_network.adapter must name a PEFT adapter folder");
    }
}
