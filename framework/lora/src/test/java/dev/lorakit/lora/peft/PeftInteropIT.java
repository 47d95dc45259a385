package dev.lorakit.lora.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraLayer;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.testing.support.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trip with the real Hugging Face PEFT: lorakit's adapter loads in {@code
 * PeftModel.from_pretrained} with the same outputs, and PEFT's {@code save_pretrained} adapter
 * loads here with the same outputs. Skipped when {@code python3 -c "import peft, torch"} fails.
 */
class PeftInteropIT {

    private static final Path SCRIPT = Path.of("src/test/python/peft_roundtrip.py");

    @TempDir Path work;

    record Twin(String name, Supplier<Block> factory, Shape input, boolean tokens, LoraConfig config) {}

    private static List<Twin> twins() {
        return List.of(
                new Twin("mlp", () -> new ai.djl.nn.SequentialBlock()
                        .add(ai.djl.nn.core.Linear.builder().setUnits(16).build())
                        .add(ai.djl.nn.Activation.reluBlock())
                        .add(ai.djl.nn.core.Linear.builder().setUnits(8).build()),
                        new Shape(4, 12), false, LoraConfig.of("0").withR(4).withAlpha(8).withModulesToSave("2")),
                // bias: all — every bias is trained and saved with the adapter, in both directions.
                new Twin("mlp_bias", () -> new ai.djl.nn.SequentialBlock()
                        .add(ai.djl.nn.core.Linear.builder().setUnits(16).build())
                        .add(ai.djl.nn.Activation.reluBlock())
                        .add(ai.djl.nn.core.Linear.builder().setUnits(8).build()),
                        new Shape(4, 12), false, LoraConfig.of("0").withR(4).withAlpha(8).withBias(dev.lorakit.lora.LoraBias.ALL)),
                new Twin("conv", () -> new ai.djl.nn.SequentialBlock()
                        .add(ai.djl.nn.convolutional.Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                        .add(ai.djl.nn.Activation.reluBlock())
                        .add(ai.djl.nn.convolutional.Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(5).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).build()),
                        // No dilation: PEFT's LoRA conv A ignores the base's dilation (a shape error in PEFT).
                        new Shape(2, 3, 9, 9), false, LoraConfig.of("0", "2").withR(2).withAlpha(4).withRslora(true)),
                new Twin("embedding", () -> new ai.djl.nn.SequentialBlock()
                        .add(ai.djl.modality.nlp.embedding.TrainableWordEmbedding.builder()
                                .setVocabulary(new ai.djl.modality.nlp.DefaultVocabulary(java.util.stream.IntStream.range(0, 12).mapToObj(i -> "w" + i).toList()))
                                .setEmbeddingSize(6).build())
                        .add(ai.djl.nn.core.Linear.builder().setUnits(4).build()),
                        new Shape(3, 5), true, LoraConfig.of("0", "1").withR(3).withAlpha(6)));
    }

    @Test
    void adaptersRoundTripThroughPeft() throws Exception {
        assumeTrue(Subprocess.pythonImports("peft", "torch", "safetensors"),
                "Python with peft, torch and safetensors is not installed (pip install torch peft safetensors)");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Map<String, NDArray>> bases = new LinkedHashMap<>();
            Map<String, NDArray> inputs = new LinkedHashMap<>();
            for (Twin t : twins()) {
                Path dir = Files.createDirectories(work.resolve(t.name()));
                Block root = t.factory().get();
                root.initialize(m, DataType.FLOAT32, t.input());
                Map<String, NDArray> base = new LinkedHashMap<>();
                ModuleTree.namedParameters(root).forEach((k, p) -> base.put(k, p.getArray().duplicate()));
                bases.put(t.name(), base);
                Safetensors.write(dir.resolve("base.safetensors"), base, Map.of());
                NDArray x = t.tokens() ? m.randomInteger(0, base.get("0.weight").getShape().get(0), t.input(), DataType.INT64) : m.randomNormal(t.input());
                inputs.put(t.name(), x);
                Safetensors.write(dir.resolve("input.safetensors"), Map.of("x", x), Map.of());

                LoraModel lora = LoraModel.builder().setBlock(root).setConfig(t.config()).build();
                // Non-zero A and B everywhere, and a changed module to save, as after training.
                lora.trainableParameters().values().forEach(p -> p.getArray().set(m.randomNormal(p.getArray().getShape()).mul(0.3f).toFloatArray()));
                Safetensors.write(dir.resolve("expected.safetensors"), Map.of("y", forward(root, x)), Map.of());
                PeftAdapters.save(lora, dir.resolve("adapter"), PeftMetadata.NONE);
            }
            Subprocess.Result python = Subprocess.run(List.of("python3", SCRIPT.toString(), work.toString()),
                    work.resolve("python.log"));
            System.out.println(python.output());
            assertThat(python.code()).as("peft_roundtrip.py output:%n%s", python.output()).isZero();

            for (Twin t : twins()) {
                Path dir = work.resolve(t.name());
                Block fresh = t.factory().get();
                fresh.initialize(m, DataType.FLOAT32, t.input());
                Map<String, Parameter> params = ModuleTree.namedParameters(fresh);
                bases.get(t.name()).forEach((k, v) -> v.copyTo(params.get(k).getArray()));
                AdapterFolderSummary summary = AdapterFolderSummary.read(dir.resolve("peft_adapter"));
                assertThat(summary.problems()).isEmpty();
                assertThat(summary.layers()).extracting(AdapterFolderSummary.Layer::path).containsExactlyInAnyOrderElementsOf(t.config().targetModules());
                LoraModel loaded = PeftAdapters.load(fresh, dir.resolve("peft_adapter"));
                assertThat(ModuleTree.namedModules(fresh).values().stream().filter(b -> b instanceof LoraLayer).count()).isEqualTo(t.config().targetModules().size());
                NDArray ours = forward(fresh, inputs.get(t.name()));
                try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("peft_expected.safetensors"))) {
                    NDArray theirs = f.load(m, "y");
                    float err = ours.sub(theirs).abs().max().getFloat() / theirs.abs().max().getFloat();
                    assertThat(err).as("%s: lorakit output with PEFT's adapter", t.name()).isLessThanOrEqualTo(1e-5f);
                }
                assertThat(loaded.config(LoraModel.DEFAULT_ADAPTER).r()).isEqualTo(t.config().r());
            }
        }
    }

    private static NDArray forward(Block b, NDArray x) {
        return b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }
}
