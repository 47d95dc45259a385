package dev.lorakit.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.util.Optional;
import java.util.Random;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * A DJL {@link Embedding} with LoRA adapters, in PEFT's convention: {@code lora_embedding_A}
 * [r, num_embeddings] starts at zeros, {@code lora_embedding_B} [dim, r] normal, and the output
 * is {@code E[x] + scale·(Aᵀ[x])·Bᵀ} (no dropout, as in PEFT). Item lookups ({@code embed},
 * {@code unembed}, ...) go to the base embedding.
 *
 * <p>It extends {@code Embedding}, so it replaces fields typed {@code Embedding<T>} (but not
 * fields typed with a concrete subclass such as {@code TrainableWordEmbedding}: declare such
 * fields as {@code Embedding<T>} or {@code Block}). Another embedding block can be adapted the
 * same way: extend it, share its weight array and add the adapter path in forward.
 *
 * @param <T> the embedded item type
 */
public class LoraEmbedding<T> extends Embedding<T> implements LoraLayer {

    private final Embedding<T> base;
    private final AdapterSet adapters = new AdapterSet();

    LoraEmbedding(Embedding<T> base) {
        super(weightOf(base), SparseFormat.DENSE);
        this.base = base;
        // Embedding(NDArray) freezes its table; LoraModel decides what trains.
        freezeParameters(false);
    }

    private static NDArray weightOf(Embedding<?> base) {
        Parameter w = base.getParameters().get("embedding");
        if (!w.isInitialized()) {
            throw new IllegalStateException("Initialise the model (or load its weights) before adding LoRA adapters: an Embedding has no table yet");
        }
        return w.getArray();
    }

    @Override
    public Block baseLayer() {
        return base;
    }

    @Override
    public LoraLayerKind kind() {
        return LoraLayerKind.EMBEDDING;
    }

    @Override
    public AdapterSet adapters() {
        return adapters;
    }

    @Override
    public Parameter baseWeight() {
        return embedding;
    }

    @Override
    public void addAdapter(AdapterInfo info, LoraInit init, Random rng) {
        if (init == LoraInit.PISSA) {
            throw new IllegalArgumentException("lora.init pissa is supported on Linear layers only, not on embeddings");
        }
        // PEFT initialises embeddings the same way for default and gaussian: A zeros, B normal.
        ai.djl.ndarray.types.Shape[] shapes = kind().adapterShapes(this, info.rank());
        NDManager m = embedding.getArray().getManager();
        NDArray a = m.zeros(shapes[0]);
        NDArray b = m.create(LoraInitializers.normal(Math.toIntExact(shapes[1].size()), 1.0, rng), shapes[1]);
        addAdapter(info, a, b);
    }

    @Override
    public void addAdapter(AdapterInfo info, NDArray a, NDArray b) {
        LoraLayers.add(this, info, a, b, this::addParameter);
    }

    @Override
    public void deleteAdapter(String name) {
        LoraLayers.delete(this, name, parameters::remove);
    }

    @Override
    public NDArray deltaWeight(String name) {
        AdapterInfo info = adapters.info(name);
        return ScalarOps.muli(adapters.b(name).getArray().matMul(adapters.a(name).getArray()).transpose(), info.scale());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Device device = x.getDevice();
        NDArray out = Embedding.embedding(x, ps.getValue(embedding, device, training), SparseFormat.DENSE).singletonOrThrow();
        for (String name : adapters.forwardAdapters()) {
            AdapterInfo info = adapters.info(name);
            NDArray a = ps.getValue(adapters.a(name), device, training);
            NDArray b = ps.getValue(adapters.b(name), device, training);
            NDArray afterA = Embedding.embedding(x, a.transpose(), SparseFormat.DENSE).singletonOrThrow();
            out = out.add(ScalarOps.muli(Linear.linear(afterA, b).singletonOrThrow(), info.scale()));
        }
        return new NDList(out);
    }

    @Override
    public byte[] encode(T input) throws IOException {
        return base.encode(input);
    }

    @Override
    public T decode(byte[] byteArray) throws IOException {
        return base.decode(byteArray);
    }

    @Override
    public long embed(T item) {
        return base.embed(item);
    }

    @Override
    public Optional<T> unembed(long index) {
        return base.unembed(index);
    }

    @Override
    public boolean hasItem(T item) {
        return base.hasItem(item);
    }
}
