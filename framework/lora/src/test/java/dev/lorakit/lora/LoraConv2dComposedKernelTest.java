package dev.lorakit.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.lorakit.lora.ndarray.ScalarOps;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LoraConv2d} runs one convolution with the composed kernel {@code W + s·B·A} when no
 * adapter dropout applies: its output and its gradients for A and B must equal PEFT's three
 * convolutions, {@code conv(x, W) + s·conv(conv(x, A), B)}, computed here from the same arrays.
 */
class LoraConv2dComposedKernelTest {

    private static final Shape INPUT = new Shape(2, 3, 9, 9);

    @Test
    void composedKernelMatchesThreeConvolutionsInOutputAndGradients() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            SequentialBlock net = new SequentialBlock().add(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3)).setFilters(5).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).build());
            net.initialize(manager, DataType.FLOAT32, INPUT);
            LoraModel.builder().setBlock(net).setConfig(LoraConfig.of("0").withR(2).withAlpha(6)).build();
            Map<String, Parameter> p = ModuleTree.namedParameters(net);
            NDArray a = adapterFactor(p, "lora_A");
            NDArray b = adapterFactor(p, "lora_B");
            b.set(manager.randomNormal(b.getShape()).mul(0.3f).toFloatArray()); // B = 0 would hide A's gradient
            NDArray x = manager.randomNormal(INPUT);

            NDArray out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = net.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                gc.backward(out.square().sum());
            }
            NDArray gradA = a.getGradient().duplicate();
            NDArray gradB = b.getGradient().duplicate();

            NDArray w = p.get("0.weight").getArray().duplicate();
            NDArray bias = p.get("0.bias").getArray().duplicate();
            NDArray ra = a.duplicate();
            NDArray rb = b.duplicate();
            ra.setRequiresGradient(true);
            rb.setRequiresGradient(true);
            NDArray expected;
            Shape one = new Shape(1, 1);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray h = Conv2d.conv2d(x, ra, null, new Shape(2, 2), new Shape(1, 1), one, 1).singletonOrThrow();
                expected = Conv2d.conv2d(x, w, bias, new Shape(2, 2), new Shape(1, 1), one, 1).singletonOrThrow()
                        .add(ScalarOps.mul(Conv2d.conv2d(h, rb, null, one, new Shape(0, 0), one, 1).singletonOrThrow(), 3.0));
                gc.backward(expected.square().sum());
            }
            assertThat(out.getShape()).isEqualTo(new Shape(2, 5, 5, 5));
            assertThat(out.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(ra.getGradient().abs().max().getFloat()).isPositive();
            assertThat(gradA.sub(ra.getGradient()).abs().max().getFloat())
                    .isLessThan(1e-4f * Math.max(1f, ra.getGradient().abs().max().getFloat()));
            assertThat(gradB.sub(rb.getGradient()).abs().max().getFloat())
                    .isLessThan(1e-4f * Math.max(1f, rb.getGradient().abs().max().getFloat()));
        }
    }

    private static NDArray adapterFactor(Map<String, Parameter> params, String factor) {
        return params.entrySet().stream().filter(e -> e.getKey().contains(factor)).findFirst().orElseThrow().getValue().getArray();
    }
}
