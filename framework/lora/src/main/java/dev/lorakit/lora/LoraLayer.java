package dev.lorakit.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Random;

/**
 * A layer carrying LoRA adapters next to a frozen base layer: {@link LoraLinear},
 * {@link LoraConv2d}, {@link LoraEmbedding}. Its output is
 * {@code base(x) + Σ_active scale·B(A(dropout(x)))}.
 *
 * <p>Each implementation extends the class it adapts and shares the base layer's weight arrays,
 * so it fits wherever the base was referenced. The adapter bookkeeping (named adapters, active
 * set, merge stack) lives in {@link AdapterSet}; a layer supplies the math.
 */
public interface LoraLayer extends Block {

    /**
     * The block this layer replaced; it shares this layer's base weight arrays.
     *
     * @return the original block
     */
    Block baseLayer();

    /**
     * The kind of layer, which fixes the adapter's shapes and key names.
     *
     * @return the kind
     */
    LoraLayerKind kind();

    /**
     * The adapters on this layer and their state.
     *
     * @return the adapter set
     */
    AdapterSet adapters();

    /**
     * Adds a named adapter initialised as {@code init} says.
     *
     * @param info name, rank, alpha, scale, dropout
     * @param init the initialisation; {@link LoraInit#PISSA} modifies the base weight
     * @param rng source of the random initial values
     */
    void addAdapter(AdapterInfo info, LoraInit init, Random rng);

    /**
     * The adapter's contribution to the base weight, {@code scale·B·A} in the base weight's
     * layout; the one formula that merge and unmerge use.
     *
     * @param name the adapter
     * @return a new array
     */
    NDArray deltaWeight(String name);

    /**
     * The base layer's weight parameter (shared with {@link #baseLayer()}).
     *
     * @return the weight
     */
    Parameter baseWeight();

    /**
     * Adds an adapter built from given A and B arrays (used by weighted combinations and loading).
     *
     * @param info the adapter's settings
     * @param a A in PEFT's layout
     * @param b B in PEFT's layout
     */
    void addAdapter(AdapterInfo info, NDArray a, NDArray b);

    /**
     * Removes an adapter and its parameters.
     *
     * @param name the adapter
     */
    void deleteAdapter(String name);

    /**
     * Names of adapters on this layer.
     *
     * @return names in the order they were added
     */
    default List<String> adapterNames() {
        return adapters().names();
    }
}
