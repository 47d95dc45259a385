package dev.lorakit.plugins.imageclassification;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.ModuleTree;
import java.util.List;
import java.util.Map;

/**
 * {@code image-classification.reinit_modules}: draws the weights of the named modules afresh
 * with each parameter's own initialiser (the one a scratch run uses), after {@code init_from}
 * has loaded the base. LoRA adapter tensors ({@code .lora_}) are left alone; a LoRA layer shares
 * its base arrays, so the values are written in place.
 */
final class ModuleReinit {

    private ModuleReinit() {}

    /**
     * Re-initialises every parameter under each path.
     *
     * @param model the task's model, initialised
     * @param paths module paths ({@code classifier.3})
     * @throws IllegalArgumentException naming the key and the modules that have parameters when a
     *     path names none
     */
    static void apply(Block model, List<String> paths) {
        Map<String, Parameter> params = ModuleTree.namedParameters(model);
        for (int i = 0; i < paths.size(); i++) {
            String prefix = paths.get(i) + ".";
            List<Parameter> matched = params.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix) && !e.getKey().contains(".lora_"))
                    .map(Map.Entry::getValue)
                    .toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("image-classification.reinit_modules[" + i + "] \"" + paths.get(i)
                        + "\" names no module with parameters; modules with parameters are: " + modulesWithParameters(params));
            }
            matched.forEach(ModuleReinit::redraw);
        }
    }

    private static void redraw(Parameter p) {
        NDArray array = p.getArray();
        try (NDManager scratch = array.getManager().newSubManager()) {
            NDArray fresh = p.getInitializer().initialize(scratch, array.getShape(), array.getDataType());
            array.set(fresh.toFloatArray());
        }
    }

    private static List<String> modulesWithParameters(Map<String, Parameter> params) {
        return params.keySet().stream()
                .filter(k -> !k.contains(".lora_") && k.contains("."))
                .map(k -> k.substring(0, k.lastIndexOf('.')))
                .distinct()
                .toList();
    }
}
