package dev.lorakit.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import dev.lorakit.lora.ndarray.ScalarOps;

/**
 * A model with LoRA adapters injected: PEFT's {@code LoraModel} for DJL block trees.
 *
 * <pre>{@code
 * LoraModel lora = LoraModel.builder()
 *         .setBlock(model.getBlock())                     // initialised, weights loaded
 *         .setConfig(LoraConfig.of("query", "value").withR(8).withAlpha(16))
 *         .build();                                        // replaces layers, freezes the rest
 * System.out.println(lora.summary());
 * // ... train model as usual: only adapter parameters have gradients ...
 * PeftAdapters.save(lora, Path.of("adapter"), PeftMetadata.NONE);
 * Block plain = lora.mergeAndUnload();                   // no adapter overhead at inference
 * }</pre>
 *
 * <p>Injection replaces each target layer by a {@link LoraLayer} that extends the layer's class
 * and shares its weight arrays ({@link ModuleTree#replace}). Afterwards only the parameters of
 * the active adapters, of {@code modules_to_save} and the biases {@code bias} selects are
 * trainable; everything else is frozen, so the optimizer keeps no state for it.
 *
 * <p>Modules to save and trained biases are trained in place (one copy shared by all adapters);
 * their values at injection are kept so that {@link #disableAdapters()} gives the base model's
 * output.
 */
public final class LoraModel {

    /** The adapter name PEFT uses when none is given. */
    public static final String DEFAULT_ADAPTER = "default";

    private final Block root;
    private final Random rng;
    private final Map<String, LoraConfig> configs = new LinkedHashMap<>();
    private final Map<String, LoraLayer> layers = new LinkedHashMap<>();
    private final Map<String, NDArray> savedModuleOriginals = new LinkedHashMap<>();
    private List<String> active = List.of();
    private boolean disabled;
    private boolean unloaded;

    private LoraModel(Block root, long seed) {
        this.root = root;
        this.rng = new Random(seed);
    }

    /**
     * A builder; {@code setBlock} and {@code setConfig} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a config would select in a model, without changing it.
     *
     * @param root the model's top block
     * @param config the config
     * @return the plan (matched layers, ranks, shapes, modules to save)
     */
    public static InjectionPlan inspect(Block root, LoraConfig config) {
        return InjectionPlan.resolve(root, config);
    }

    /**
     * Adds a named adapter on the layers {@code config} selects (creating LoRA layers where
     * needed). The first adapter becomes active; later ones are added inactive, as in PEFT.
     *
     * @param name the adapter's name
     * @param config its config
     * @return the plan that was applied
     */
    public InjectionPlan addAdapter(String name, LoraConfig config) {
        checkUsable();
        if (name == null || name.isBlank() || name.contains(".")) {
            throw new IllegalArgumentException("Adapter names must be non-empty and contain no '.', got '" + name + "'");
        }
        if (configs.containsKey(name)) {
            throw new IllegalArgumentException("Adapter '" + name + "' already exists; adapters are " + configs.keySet());
        }
        InjectionPlan plan = InjectionPlan.resolve(root, config);
        try {
            for (LayerMatch m : plan.layers()) {
                LoraLayer layer = layerAt(m);
                layer.addAdapter(new AdapterInfo(name, m.rank(), m.alpha(), m.scale(), (float) config.dropout()), config.init(), rng);
            }
        } catch (RuntimeException e) {
            rollback(name, config.init() == LoraInit.PISSA);
            throw e;
        }
        Map<String, Parameter> params = ModuleTree.namedParameters(root);
        for (String path : plan.stateShapes(root, config.bias(), name).keySet()) {
            if (!path.contains(".lora_")) {
                savedModuleOriginals.computeIfAbsent(path, k -> params.get(k).getArray().duplicate());
            }
        }
        configs.put(name, config);
        if (active.isEmpty()) {
            setActiveAdapter(name);
        } else {
            applyTrainable();
        }
        return plan;
    }

    /**
     * Adds an adapter with given A and B arrays per layer path (weighted combinations, loaders).
     *
     * @param name the adapter
     * @param config its config (kept for saving)
     * @param weights per layer path: {@code {A, B}} in PEFT's layout; the layer must already
     *     carry LoRA or be adaptable
     * @param infos per layer path: rank, alpha, scale
     */
    void addAdapterWithWeights(String name, LoraConfig config, Map<String, NDArray[]> weights, Map<String, AdapterInfo> infos) {
        checkUsable();
        if (configs.containsKey(name)) {
            throw new IllegalArgumentException("Adapter '" + name + "' already exists; adapters are " + configs.keySet());
        }
        for (Map.Entry<String, NDArray[]> e : weights.entrySet()) {
            Block block = ModuleTree.get(root, e.getKey());
            LoraLayer layer = block instanceof LoraLayer l ? l : wrap(e.getKey(), block);
            layer.addAdapter(infos.get(e.getKey()), e.getValue()[0], e.getValue()[1]);
        }
        configs.put(name, config);
        applyTrainable();
    }

    /** Undoes a partly added adapter so that a failed {@link #addAdapter} leaves the model as it was. */
    private void rollback(String name, boolean pissa) {
        for (var it = layers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            LoraLayer layer = e.getValue();
            if (layer.adapters().contains(name)) {
                if (pissa) {
                    try (NDArray delta = layer.deltaWeight(name)) {
                        layer.baseWeight().getArray().addi(delta);
                    }
                }
                layer.deleteAdapter(name);
            }
            if (layer.adapterNames().isEmpty()) {
                ModuleTree.replace(root, e.getKey(), layer.baseLayer());
                it.remove();
            }
        }
    }

    private LoraLayer layerAt(LayerMatch m) {
        Block block = ModuleTree.get(root, m.path());
        return block instanceof LoraLayer l ? l : wrap(m.path(), block);
    }

    private LoraLayer wrap(String path, Block block) {
        LoraLayer layer = LoraLayerKind.of(block).orElseThrow(() -> new IllegalArgumentException("'" + path + "' cannot take a LoRA adapter")).wrap(block);
        try {
            ModuleTree.replace(root, path, layer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ". LoRA layers extend Linear, Conv2d and Embedding<T>: declare the field with one of those types (docs/lora.md)", e);
        }
        layers.put(path, layer);
        return layer;
    }

    /**
     * The model's top block, with LoRA layers in place.
     *
     * @return the block
     */
    public Block getBlock() {
        return root;
    }

    /**
     * The LoRA layers by module path.
     *
     * @return an unmodifiable map in model order
     */
    public Map<String, LoraLayer> loraLayers() {
        return Collections.unmodifiableMap(layers);
    }

    /**
     * Adapter names in the order they were added.
     *
     * @return the names
     */
    public List<String> adapterNames() {
        return List.copyOf(configs.keySet());
    }

    /**
     * The config an adapter was added with.
     *
     * @param adapter the adapter
     * @return its config
     */
    public LoraConfig config(String adapter) {
        LoraConfig c = configs.get(adapter);
        if (c == null) {
            throw new IllegalArgumentException("No adapter '" + adapter + "'; adapters are " + configs.keySet());
        }
        return c;
    }

    /**
     * Selects the adapters that run in forward and train (usually one).
     *
     * @param names existing adapter names
     */
    public void setActiveAdapter(String... names) {
        checkUsable();
        for (String n : names) {
            config(n);
        }
        active = List.of(names);
        layers.values().forEach(l -> l.adapters().setActive(active));
        applyTrainable();
    }

    /**
     * The active adapters.
     *
     * @return names
     */
    public List<String> activeAdapters() {
        return active;
    }

    /**
     * Bypasses all adapters (and restores modules to save to their values at injection) until
     * the returned handle is closed; merged adapters are unmerged first, as PEFT does.
     *
     * <pre>{@code
     * try (var base = lora.disableAdapters()) {
     *     NDList reference = predictor.predict(input);   // the base model's output
     * }
     * }</pre>
     *
     * @return a handle whose {@code close()} re-enables the adapters
     */
    public AdaptersDisabled disableAdapters() {
        checkUsable();
        if (disabled) {
            throw new IllegalStateException("Adapters are already disabled");
        }
        unmerge();
        Map<String, NDArray> trained = new LinkedHashMap<>();
        Map<String, Parameter> params = ModuleTree.namedParameters(root);
        savedModuleOriginals.forEach((path, original) -> {
            NDArray current = params.get(path).getArray();
            trained.put(path, current.duplicate());
            original.copyTo(current);
        });
        layers.values().forEach(l -> l.adapters().setDisabled(true));
        disabled = true;
        return () -> {
            Map<String, Parameter> now = ModuleTree.namedParameters(root);
            trained.forEach((path, values) -> {
                values.copyTo(now.get(path).getArray());
                values.close();
            });
            layers.values().forEach(l -> l.adapters().setDisabled(false));
            disabled = false;
        };
    }

    /** Handle returned by {@link #disableAdapters()}; closing it re-enables the adapters. */
    @FunctionalInterface
    public interface AdaptersDisabled extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Removes an adapter from every layer, and layers left without adapters go back to their
     * base block.
     *
     * @param name the adapter
     */
    public void deleteAdapter(String name) {
        checkUsable();
        config(name);
        for (LoraLayer l : layers.values()) {
            if (l.adapters().merged().contains(name)) {
                throw new IllegalStateException("Adapter '" + name + "' is merged; unmerge before deleting it");
            }
        }
        for (var it = layers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().adapters().contains(name)) {
                e.getValue().deleteAdapter(name);
                if (e.getValue().adapterNames().isEmpty()) {
                    ModuleTree.replace(root, e.getKey(), e.getValue().baseLayer());
                    it.remove();
                }
            }
        }
        configs.remove(name);
        List<String> rest = new ArrayList<>(active);
        rest.remove(name);
        if (rest.isEmpty() && !configs.isEmpty()) {
            rest.add(configs.keySet().iterator().next());
        }
        active = List.copyOf(rest);
        layers.values().forEach(l -> l.adapters().setActive(active));
        applyTrainable();
    }

    /**
     * Merges adapters into the base weights (the active ones when none are named). Every delta is
     * checked for NaN/Inf on every layer before any weight changes; the error names the adapter
     * and layer. Merging an adapter that is already merged is refused.
     *
     * @param names adapters to merge, or none for the active ones
     */
    public void merge(String... names) {
        checkUsable();
        List<String> toMerge = names.length == 0 ? active : List.of(names);
        for (String n : toMerge) {
            config(n);
            for (Map.Entry<String, LoraLayer> e : layers.entrySet()) {
                AdapterSet set = e.getValue().adapters();
                if (!set.contains(n)) {
                    continue;
                }
                if (set.merged().contains(n)) {
                    throw new IllegalStateException("Adapter '" + n + "' is already merged into '" + e.getKey() + "'");
                }
                try (NDArray delta = e.getValue().deltaWeight(n);
                        NDArray bad = delta.isNaN().logicalOr(delta.isInfinite())) {
                    if (bad.any().getBoolean()) {
                        throw new IllegalStateException("Adapter '" + n + "' has NaN or Inf values on layer '" + e.getKey() + "'; nothing was merged");
                    }
                }
            }
        }
        for (String n : toMerge) {
            for (LoraLayer l : layers.values()) {
                if (l.adapters().contains(n)) {
                    l.adapters().merge(l, n);
                }
            }
        }
    }

    /** Unmerges every merged adapter, most recent first. */
    public void unmerge() {
        checkUsable();
        for (LoraLayer l : layers.values()) {
            while (l.adapters().unmergeLast(l) != null) {
                // unmergeLast pops one adapter per call
            }
        }
    }

    /**
     * Adapters currently merged on any layer.
     *
     * @return names, most recently merged first
     */
    public List<String> mergedAdapters() {
        Set<String> out = new LinkedHashSet<>();
        layers.values().forEach(l -> out.addAll(l.adapters().merged()));
        return List.copyOf(out);
    }

    /**
     * Merges the active adapters (those not merged yet) and puts the base blocks back, so the
     * returned tree has no adapter overhead. This object is unusable afterwards.
     *
     * @return the model's top block with plain layers holding the merged weights
     */
    public Block mergeAndUnload() {
        checkUsable();
        String[] pending = active.stream().filter(n -> !mergedAdapters().contains(n)).toArray(String[]::new);
        if (pending.length > 0) {
            merge(pending);
        }
        return restoreBaseBlocks();
    }

    /**
     * Unmerges everything and puts the original base blocks back, dropping the adapters. This
     * object is unusable afterwards.
     *
     * @return the model's top block as it was before injection (PiSSA residuals excepted)
     */
    public Block unload() {
        checkUsable();
        unmerge();
        return restoreBaseBlocks();
    }

    private Block restoreBaseBlocks() {
        layers.forEach((path, layer) -> ModuleTree.replace(root, path, layer.baseLayer()));
        layers.clear();
        root.freezeParameters(false);
        unloaded = true;
        return root;
    }

    /**
     * Combines existing adapters into a new one (PEFT's {@code add_weighted_adapter}). The new
     * adapter has scale 1 and is not active.
     *
     * @param adapters the adapters to combine
     * @param weights one weight per adapter
     * @param newName the new adapter's name
     * @param combination {@code LINEAR} (equal ranks) or {@code CAT} (exact)
     */
    public void addWeightedAdapter(List<String> adapters, List<Double> weights, String newName, WeightedCombination combination) {
        checkUsable();
        if (adapters.isEmpty() || adapters.size() != weights.size()) {
            throw new IllegalArgumentException("Need one weight per adapter, got " + adapters + " and " + weights);
        }
        adapters.forEach(this::config);
        Map<String, NDArray[]> combined = new LinkedHashMap<>();
        Map<String, AdapterInfo> infos = new LinkedHashMap<>();
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (Map.Entry<String, LoraLayer> e : layers.entrySet()) {
            AdapterSet set = e.getValue().adapters();
            List<NDArray> as = new ArrayList<>();
            List<NDArray> bs = new ArrayList<>();
            Set<Integer> present = new LinkedHashSet<>();
            for (int i = 0; i < adapters.size(); i++) {
                String n = adapters.get(i);
                if (!set.contains(n)) {
                    continue;
                }
                AdapterInfo info = set.info(n);
                double w = weights.get(i);
                NDArray a = set.a(n).getArray();
                NDArray b = set.b(n).getArray();
                present.add(info.rank());
                if (combination == WeightedCombination.CAT) {
                    as.add(ScalarOps.mul(a, w * info.scale()));
                    bs.add(b.duplicate());
                } else {
                    as.add(ScalarOps.mul(a, Math.sqrt(w) * info.scale()));
                    bs.add(ScalarOps.mul(b, Math.sqrt(w)));
                }
            }
            if (as.isEmpty()) {
                continue;
            }
            NDArray a;
            NDArray b;
            if (combination == WeightedCombination.CAT) {
                a = NDArrays.concat(new NDList(as), 0);
                b = NDArrays.concat(new NDList(bs), 1);
            } else {
                if (present.size() > 1) {
                    throw new IllegalArgumentException("A linear combination needs equal ranks; layer '" + e.getKey() + "' has ranks " + present + " (use CAT)");
                }
                a = as.stream().reduce(NDArray::add).orElseThrow();
                b = bs.stream().reduce(NDArray::add).orElseThrow();
            }
            int rank = Math.toIntExact(a.getShape().get(0));
            combined.put(e.getKey(), new NDArray[] {a, b});
            infos.put(e.getKey(), new AdapterInfo(newName, rank, rank, 1.0, 0f));
            ranks.put(e.getKey(), rank);
        }
        LoraConfig first = config(adapters.get(0));
        int r = ranks.values().iterator().next();
        Map<String, Integer> rankPattern = new LinkedHashMap<>();
        Map<String, Double> alphaPattern = new LinkedHashMap<>();
        ranks.forEach((path, rank) -> {
            if (rank != r) {
                rankPattern.put(path, rank);
                alphaPattern.put(path, (double) rank);
            }
        });
        LoraConfig config = new LoraConfig(r, r, 0, List.copyOf(ranks.keySet()), List.of(), rankPattern, alphaPattern, false, LoraInit.DEFAULT, first.bias(), first.modulesToSave());
        addAdapterWithWeights(newName, config, combined, infos);
    }

    /**
     * The parameters that train, by PyTorch-style name.
     *
     * @return trainable parameters
     */
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        ModuleTree.namedParameters(root).forEach((k, v) -> {
            if (v.requiresGradient()) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Trainable and total parameter counts and the adapted layers, as PEFT's
     * {@code print_trainable_parameters} plus the matched layers.
     *
     * @return a multi-line summary
     */
    public String summary() {
        long total = 0;
        long trainable = 0;
        for (Parameter p : ModuleTree.namedParameters(root).values()) {
            long n = p.getArray().getShape().size();
            total += n;
            trainable += p.requiresGradient() ? n : 0;
        }
        StringBuilder sb = new StringBuilder();
        for (String name : configs.keySet()) {
            List<String> paths = layers.entrySet().stream().filter(e -> e.getValue().adapters().contains(name)).map(Map.Entry::getKey).toList();
            sb.append(String.format("LoRA adapter '%s'%s on %d layers:%n", name, active.contains(name) ? " (active)" : "", paths.size()));
            for (String path : paths) {
                AdapterInfo info = layers.get(path).adapters().info(name);
                sb.append(String.format("  %s  %s r=%d alpha=%s scale=%s%n", path, layers.get(path).kind().name().toLowerCase(java.util.Locale.ROOT), info.rank(), info.alpha(), info.scale()));
            }
            if (!configs.get(name).modulesToSave().isEmpty()) {
                sb.append("  modules to save: ").append(configs.get(name).modulesToSave()).append('\n');
            }
        }
        sb.append(String.format("trainable params: %,d || all params: %,d || trainable%%: %.4f%n", trainable, total, total == 0 ? 0 : 100.0 * trainable / total));
        return sb.toString();
    }

    private void applyTrainable() {
        root.freezeParameters(true);
        for (LoraLayer l : layers.values()) {
            for (String n : active) {
                if (l.adapters().contains(n)) {
                    l.adapters().a(n).freeze(false);
                    l.adapters().b(n).freeze(false);
                }
            }
        }
        for (String n : active) {
            LoraConfig c = configs.get(n);
            if (c == null) {
                continue;
            }
            Map<String, Parameter> all = ModuleTree.namedParameters(root);
            savedModuleOriginals.keySet().forEach(path -> all.get(path).freeze(false));
            switch (c.bias()) {
                case ALL -> all.forEach((k, v) -> {
                    if (k.endsWith(".bias") || k.equals("bias")) {
                        v.freeze(false);
                    }
                });
                case LORA_ONLY -> layers.forEach((path, l) -> {
                    Parameter b = all.get(path + ".bias");
                    if (b != null && l.adapters().contains(n)) {
                        b.freeze(false);
                    }
                });
                case NONE -> { }
            }
        }
    }

    private void checkUsable() {
        if (unloaded) {
            throw new IllegalStateException("This LoraModel was unloaded; its block holds plain layers now");
        }
    }

    /** Builds a {@link LoraModel} by injecting one adapter into a block tree. */
    public static final class Builder {
        private Block block;
        private LoraConfig config;
        private String adapterName = DEFAULT_ADAPTER;
        private long seed = 42;

        private Builder() {}

        /**
         * The model's top block, initialised (or with weights loaded). Required.
         *
         * @param block the block
         * @return this builder
         */
        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        /**
         * The first adapter's config. Required.
         *
         * @param config the config
         * @return this builder
         */
        public Builder setConfig(LoraConfig config) {
            this.config = config;
            return this;
        }

        /**
         * The first adapter's name (default {@code default}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optAdapterName(String name) {
            this.adapterName = name;
            return this;
        }

        /**
         * Seed for the adapters' random initial values (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Injects the adapter.
         *
         * @return the LoRA model
         * @throws IllegalArgumentException when a required setting is missing or a target matches
         *     nothing
         */
        public LoraModel build() {
            if (block == null || config == null) {
                throw new IllegalArgumentException("LoraModel.builder() needs setBlock and setConfig");
            }
            LoraModel model = new LoraModel(block, seed);
            model.addAdapter(adapterName, config);
            return model;
        }
    }
}
