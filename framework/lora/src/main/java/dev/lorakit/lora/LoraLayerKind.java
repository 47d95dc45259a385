package dev.lorakit.lora;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import java.util.Optional;

/**
 * The layer types that take LoRA adapters, with PEFT's parameter names and shapes for each.
 *
 * <table>
 *   <caption>Adapter layouts (PEFT's)</caption>
 *   <tr><th>kind</th><th>A</th><th>B</th></tr>
 *   <tr><td>Linear [out, in]</td><td>{@code lora_A.weight} [r, in]</td><td>{@code lora_B.weight} [out, r]</td></tr>
 *   <tr><td>Conv2d [out, in, kh, kw]</td><td>{@code lora_A.weight} [r, in, kh, kw]</td><td>{@code lora_B.weight} [out, r, 1, 1]</td></tr>
 *   <tr><td>Embedding [num, dim]</td><td>{@code lora_embedding_A} [r, num]</td><td>{@code lora_embedding_B} [dim, r]</td></tr>
 * </table>
 */
public enum LoraLayerKind {
    /** {@link Linear}, adapted by {@link LoraLinear}. */
    LINEAR("lora_A", "lora_B", ".weight", "weight"),
    /** {@link Conv2d}, adapted by {@link LoraConv2d}. */
    CONV2D("lora_A", "lora_B", ".weight", "weight"),
    /** DJL's {@link Embedding} (e.g. {@code TrainableWordEmbedding}), adapted by {@link LoraEmbedding}. */
    EMBEDDING("lora_embedding_A", "lora_embedding_B", "", "embedding");

    private final String aPrefix;
    private final String bPrefix;
    private final String suffix;
    private final String weightName;

    LoraLayerKind(String aPrefix, String bPrefix, String suffix, String weightName) {
        this.aPrefix = aPrefix;
        this.bPrefix = bPrefix;
        this.suffix = suffix;
        this.weightName = weightName;
    }

    /**
     * The kind of a block, looking through an existing LoRA layer to its base.
     *
     * @param block any block
     * @return its kind, or empty when LoRA cannot adapt it
     */
    public static Optional<LoraLayerKind> of(Block block) {
        if (block instanceof LoraLayer l) {
            return Optional.of(l.kind());
        }
        if (block instanceof Linear) {
            return Optional.of(LINEAR);
        }
        if (block instanceof Conv2d) {
            return Optional.of(CONV2D);
        }
        if (block instanceof Embedding<?>) {
            return Optional.of(EMBEDDING);
        }
        return Optional.empty();
    }

    /**
     * The name of A's parameter inside the layer, as PEFT's state dict has it before the adapter
     * name is dropped ({@code lora_A.default.weight}, {@code lora_embedding_A.default}).
     *
     * @param adapter the adapter name
     * @return the parameter name
     */
    public String aName(String adapter) {
        return aPrefix + "." + adapter + suffix;
    }

    /**
     * The name of B's parameter inside the layer.
     *
     * @param adapter the adapter name
     * @return the parameter name
     */
    public String bName(String adapter) {
        return bPrefix + "." + adapter + suffix;
    }

    /**
     * The base weight's DJL parameter name ({@code weight}, or {@code embedding}).
     *
     * @return the name
     */
    public String weightName() {
        return weightName;
    }

    /**
     * The base weight of a block of this kind.
     *
     * @param block the base block or a LoRA layer
     * @return the weight parameter
     */
    public Parameter weightOf(Block block) {
        Block base = block instanceof LoraLayer l ? l.baseLayer() : block;
        return base.getParameters().get(weightName);
    }

    /**
     * Shapes of A and B for rank {@code r} on a block of this kind.
     *
     * @param block the base block (initialised)
     * @param r the rank
     * @return {@code {shapeA, shapeB}}
     */
    public Shape[] adapterShapes(Block block, int r) {
        Parameter w = weightOf(block);
        if (!w.isInitialized()) {
            throw new IllegalStateException("Initialise the model (or load its weights) before adding LoRA adapters: " + block.getClass().getSimpleName() + " has no weight yet");
        }
        Shape ws = w.getArray().getShape();
        return switch (this) {
            case LINEAR -> new Shape[] {new Shape(r, ws.get(1)), new Shape(ws.get(0), r)};
            case CONV2D -> new Shape[] {new Shape(r, ws.get(1), ws.get(2), ws.get(3)), new Shape(ws.get(0), r, 1, 1)};
            case EMBEDDING -> new Shape[] {new Shape(r, ws.get(0)), new Shape(ws.get(1), r)};
        };
    }

    /**
     * Wraps a base block in the LoRA layer of this kind (no adapters yet).
     *
     * @param block the base block, initialised
     * @return the LoRA layer sharing the base's arrays
     */
    @SuppressWarnings("unchecked")
    public LoraLayer wrap(Block block) {
        return switch (this) {
            case LINEAR -> new LoraLinear((Linear) block);
            case CONV2D -> new LoraConv2d((Conv2d) block);
            case EMBEDDING -> new LoraEmbedding<>((Embedding<Object>) block);
        };
    }
}
