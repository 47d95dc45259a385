package dev.lorakit.lora;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a {@link LoraConfig} selects in a model, computed without changing it: the layers that get
 * adapters and the modules trained fully. {@link #resolve} is the one place where targets are
 * matched, used by injection, loading and {@code inspect}.
 *
 * <pre>{@code
 * InjectionPlan plan = InjectionPlan.resolve(model.getBlock(), LoraConfig.of("query", "value"));
 * System.out.println(plan.describe());
 * }</pre>
 *
 * @param layers the adapted layers in model order
 * @param modulesToSave paths of the modules trained fully, outermost only
 */
public record InjectionPlan(List<LayerMatch> layers, List<String> modulesToSave) {

    /**
     * Copies the lists.
     *
     * @param layers adapted layers
     * @param modulesToSave fully trained modules
     */
    public InjectionPlan {
        layers = List.copyOf(layers);
        modulesToSave = List.copyOf(modulesToSave);
    }

    /**
     * Matches a config against a model. Exclusions are applied first; then every target pattern
     * must match at least one layer, else the error lists the layer paths that can take an
     * adapter (also when only some patterns match nothing, as PEFT users asked for).
     *
     * @param root the model's top block (initialised)
     * @param config the LoRA config
     * @return the plan
     * @throws IllegalArgumentException when a target or module to save matches nothing, a
     *     target is a leaf layer of a type LoRA cannot adapt, or a target lies inside a module
     *     to save (containers a pattern happens to match are skipped)
     */
    public static InjectionPlan resolve(Block root, LoraConfig config) {
        if (config.targetModules().isEmpty()) {
            throw new IllegalArgumentException("lora.target_modules is empty: name the layers that get adapters");
        }
        Map<String, Block> modules = new LinkedHashMap<>(ModuleTree.namedModules(root));
        modules.remove("");
        List<String> saved = outermostMatches(modules, config.modulesToSave());
        Map<String, Integer> hits = new LinkedHashMap<>();
        Map<String, List<String>> excludedHits = new LinkedHashMap<>();
        Map<String, List<String>> containerHits = new LinkedHashMap<>();
        config.targetModules().forEach(p -> {
            hits.put(p, 0);
            excludedHits.put(p, new ArrayList<>());
            containerHits.put(p, new ArrayList<>());
        });
        List<LayerMatch> layers = new ArrayList<>();
        for (Map.Entry<String, Block> e : modules.entrySet()) {
            String path = e.getKey();
            if (insideLoraLayer(path, modules)) {
                continue;
            }
            var target = TargetMatcher.firstMatch(config.targetModules(), path);
            if (target.isEmpty()) {
                continue;
            }
            if (TargetMatcher.firstMatch(config.excludeModules(), path).isPresent()) {
                excludedHits.get(target.get()).add(path);
                continue;
            }
            if (LoraLayerKind.of(e.getValue()).isEmpty() && !e.getValue().getChildren().isEmpty()) {
                // A pattern that names a container (suffix "1" of "0.1") targets layers, not blocks.
                containerHits.get(target.get()).add(path);
                continue;
            }
            LoraLayerKind kind = LoraLayerKind.of(e.getValue())
                    .orElseThrow(() -> new IllegalArgumentException("lora.target_modules entry '" + target.get() + "' matched '" + path + "', a " + e.getValue().getClass().getSimpleName()
                            + "; LoRA adapts Linear, Conv2d and Embedding layers. Adaptable layers: " + candidates(modules)));
            for (String s : saved) {
                if (path.equals(s) || path.startsWith(s + ".")) {
                    throw new IllegalArgumentException("Layer '" + path + "' is both a LoRA target and inside lora.modules_to_save '" + s + "'");
                }
            }
            hits.merge(target.get(), 1, Integer::sum);
            int rank = config.rankFor(path);
            var shapes = kind.adapterShapes(e.getValue(), rank);
            layers.add(new LayerMatch(path, kind, target.get(), rank, config.alphaFor(path), config.scaleFor(path), shapes[0], shapes[1]));
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Integer> h : hits.entrySet()) {
            if (h.getValue() == 0) {
                List<String> excl = excludedHits.get(h.getKey());
                List<String> containers = containerHits.get(h.getKey());
                problems.add(!excl.isEmpty()
                        ? "'" + h.getKey() + "' matched only excluded layers " + excl
                        : containers.isEmpty()
                                ? "'" + h.getKey() + "' matched no layer"
                                : "'" + h.getKey() + "' matched only containers " + containers + ", not layers");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("lora.target_modules: " + String.join("; ", problems) + ". Layers that can take an adapter: " + candidates(modules));
        }
        return new InjectionPlan(layers, saved);
    }

    private static boolean insideLoraLayer(String path, Map<String, Block> modules) {
        int dot = path.lastIndexOf('.');
        while (dot > 0) {
            if (modules.get(path.substring(0, dot)) instanceof LoraLayer) {
                return true;
            }
            dot = path.lastIndexOf('.', dot - 1);
        }
        return false;
    }

    private static List<String> outermostMatches(Map<String, Block> modules, List<String> patterns) {
        List<String> out = new ArrayList<>();
        for (String pattern : patterns) {
            List<String> matched = modules.keySet().stream().filter(p -> TargetMatcher.matches(pattern, p)).toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("lora.modules_to_save: '" + pattern + "' matched no module; modules are " + modules.keySet());
            }
            for (String p : matched) {
                if (out.stream().noneMatch(o -> p.equals(o) || p.startsWith(o + "."))) {
                    out.removeIf(o -> o.startsWith(p + "."));
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * Paths of the layers LoRA can adapt.
     *
     * @param modules the model's modules by path
     * @return the candidate paths
     */
    static List<String> candidates(Map<String, Block> modules) {
        return modules.entrySet().stream().filter(e -> LoraLayerKind.of(e.getValue()).isPresent()).map(Map.Entry::getKey).collect(Collectors.toList());
    }

    /**
     * The parameters an adapter folder holds for this plan, by their name inside the injected
     * model ({@code fc1.lora_A.default.weight}, {@code classifier.weight}), with their shapes:
     * A and B of every matched layer, every parameter of the modules to save, and the biases
     * {@code bias} selects. Saving and loading both use this layout.
     *
     * @param root the model's top block
     * @param bias which biases are part of the adapter
     * @param adapter the adapter's name
     * @return shapes by parameter name, in model order
     */
    public Map<String, ai.djl.ndarray.types.Shape> stateShapes(Block root, LoraBias bias, String adapter) {
        Map<String, ai.djl.ndarray.types.Shape> out = new LinkedHashMap<>();
        for (LayerMatch m : layers) {
            out.put(ModuleTree.join(m.path(), m.kind().aName(adapter)), m.aShape());
            out.put(ModuleTree.join(m.path(), m.kind().bName(adapter)), m.bShape());
        }
        Map<String, ai.djl.nn.Parameter> params = ModuleTree.namedParameters(root);
        for (String s : modulesToSave) {
            params.forEach((name, p) -> {
                if (name.startsWith(s + ".") && !name.contains(".lora_")) {
                    out.put(name, p.getArray().getShape());
                }
            });
        }
        if (bias == LoraBias.ALL) {
            params.forEach((name, p) -> {
                if (name.endsWith(".bias") || name.equals("bias")) {
                    out.put(name, p.getArray().getShape());
                }
            });
        } else if (bias == LoraBias.LORA_ONLY) {
            for (LayerMatch m : layers) {
                ai.djl.nn.Parameter p = params.get(m.path() + ".bias");
                if (p != null) {
                    out.put(m.path() + ".bias", p.getArray().getShape());
                }
            }
        }
        return out;
    }

    /**
     * Parameters the adapters of this plan add.
     *
     * @return the sum over layers
     */
    public long adapterParameterCount() {
        return layers.stream().mapToLong(LayerMatch::parameterCount).sum();
    }

    /**
     * A table of the matched layers and modules to save.
     *
     * @return human-readable lines
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        int width = layers.stream().mapToInt(l -> l.path().length()).max().orElse(4);
        for (LayerMatch l : layers) {
            sb.append(String.format("  %-" + width + "s  %-9s r=%-3d alpha=%-6s scale=%-8s A %s  B %s  (%,d params, by '%s')%n",
                    l.path(), l.kind().name().toLowerCase(java.util.Locale.ROOT), l.rank(), trim(l.alpha()), trim(l.scale()), l.aShape(), l.bShape(), l.parameterCount(), l.pattern()));
        }
        if (!modulesToSave.isEmpty()) {
            sb.append("  modules to save: ").append(modulesToSave).append('\n');
        }
        return sb.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
