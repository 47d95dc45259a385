package dev.lorakit.lora.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A real tiny DJL model with a LoRA adapter whose factors are random (as after training), saved as PEFT and base files. */
final class AnalysisFixtures {

    final Block root;
    final LoraModel lora;
    final Map<String, float[]> baseWeights = new LinkedHashMap<>();

    private AnalysisFixtures(Block root, LoraModel lora) {
        this.root = root;
        this.lora = lora;
    }

    /**
     * Builds Linear(in 5 → 40) → ReLU → Linear(40 → 3) with LoRA r=2, alpha=6 on both, saves the
     * adapter to {@code dir/adapter} and the base to {@code dir/base.safetensors}.
     */
    static AnalysisFixtures create(NDManager m, Path dir) throws IOException {
        Block b = new SequentialBlock().add(Linear.builder().setUnits(40).build()).add(Activation.reluBlock()).add(Linear.builder().setUnits(3).build());
        b.initialize(m, DataType.FLOAT32, new Shape(2, 5));
        Map<String, NDArray> base = new LinkedHashMap<>();
        ModuleTree.namedParameters(b).forEach((k, p) -> base.put(k, p.getArray().duplicate()));
        Safetensors.write(dir.resolve("base.safetensors"), base, Map.of());
        LoraModel lora = LoraModel.builder().setBlock(b).setConfig(LoraConfig.of("0", "2").withR(2).withAlpha(6)).build();
        lora.trainableParameters().values().forEach(p -> p.getArray().set(m.randomNormal(p.getArray().getShape()).mul(0.3f).toFloatArray()));
        PeftAdapters.save(lora, dir.resolve("adapter"), PeftMetadata.NONE);
        AnalysisFixtures f = new AnalysisFixtures(b, lora);
        base.forEach((k, v) -> f.baseWeights.put(k, v.toFloatArray()));
        return f;
    }

    /** ΔW of a layer computed directly with the engine: scale · B · A. */
    double[] deltaFromEngine(String layer) {
        var adapters = lora.loraLayers().get(layer).adapters();
        NDArray a = adapters.a(LoraModel.DEFAULT_ADAPTER).getArray();
        NDArray bm = adapters.b(LoraModel.DEFAULT_ADAPTER).getArray();
        float[] v = bm.matMul(a).mul(6.0 / 2).toFloatArray();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
