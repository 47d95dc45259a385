package dev.lorakit.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.ModuleTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: a model's parameters as float arrays, and a text dump to compare runs. */
final class ParameterDump {

    private ParameterDump() {}

    static Map<String, float[]> values(Block model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(model).entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return out;
    }

    static String text(Block model) {
        StringBuilder sb = new StringBuilder();
        values(model).forEach((k, v) -> sb.append(k).append(' ').append(Arrays.toString(v)).append('\n'));
        return sb.toString();
    }

    static void write(Block model, Path file) throws IOException {
        Files.writeString(file, text(model));
    }
}
