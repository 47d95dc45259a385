package dev.lorakit.lora.ndarray;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.lorakit.lora.ModuleTree;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Provokes what a long training run meets by chance: a garbage collection that frees Java direct
 * buffers no longer referenced, followed by native allocations that reuse their memory (filled
 * here with 1e30). Called between a forward and a backward pass, it exposes any tensor that
 * autograd saved over memory Java has freed (see {@link ScalarOps}): the gradients then differ from
 * a run without churn. A diagnostic for tests and probes; training never calls it.
 */
public final class DirectMemoryChurn {

    private static final int BUFFERS = 2000;

    private DirectMemoryChurn() {}

    /** Collects garbage, waits for the buffers' cleaners, then allocates and fills small buffers. */
    public static void run() {
        System.gc();
        try {
            // The cleaner thread frees the collected buffers' native memory after the collection.
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> junk = new ArrayList<>(BUFFERS);
        for (int i = 0; i < BUFFERS; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(i % 2 == 0 ? 4 : 8);
            b.putFloat(0, 1e30f);
            junk.add(b);
        }
        junk.clear();
    }

    /**
     * The gradients of {@code root}'s trainable parameters for one backward pass of {@code loss},
     * optionally with {@link #run()} between the forward and the backward pass; the parameters'
     * gradients are zeroed afterwards. Comparing a pass with churn to one without is the check.
     *
     * @param root the model
     * @param loss computes the scalar loss (the forward pass), inside the gradient collector
     * @param churn whether to churn between forward and backward
     * @return gradient values by parameter path, in {@link ModuleTree} order
     */
    public static Map<String, float[]> gradients(Block root, Supplier<NDArray> loss, boolean churn) {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        ModuleTree.namedParameters(root).forEach((k, p) -> {
            if (p.requiresGradient()) {
                trainable.put(k, p);
            }
        });
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray value = loss.get();
            if (churn) {
                run();
            }
            collector.backward(value);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        trainable.forEach((k, p) -> {
            NDArray g = p.getArray().getGradient();
            out.put(k, g.toFloatArray());
            g.subi(g);
        });
        return out;
    }
}
