package dev.lorakit.lora.analysis;

import dev.lorakit.lora.io.SafetensorsFile;
import dev.lorakit.lora.peft.AdapterFolderSummary;
import dev.lorakit.lora.peft.PeftFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads the ΔW of every (or some) adapted layer of a PEFT adapter folder, without an engine.
 *
 * <pre>{@code
 * List<LayerDelta> deltas = AdapterDeltas.read(Path.of("runs/x/adapter"), AdapterDeltas.layers("fc.*"));
 * }</pre>
 */
public final class AdapterDeltas {

    private AdapterDeltas() {}

    /**
     * A layer filter from a regular expression matched against the whole layer path; null or
     * empty selects every layer.
     *
     * @param regex e.g. {@code "encoder\\.layer\\.0\\..*"}
     * @return the filter
     */
    public static Predicate<String> layers(String regex) {
        if (regex == null || regex.isEmpty()) {
            return p -> true;
        }
        Pattern p = Pattern.compile(regex);
        return s -> p.matcher(s).matches();
    }

    /**
     * Reads the selected layers' updates.
     *
     * @param folder the adapter folder
     * @param select which layer paths to read
     * @return the updates, in file order
     * @throws IOException when the folder cannot be read
     */
    public static List<LayerDelta> read(Path folder, Predicate<String> select) throws IOException {
        AdapterFolderSummary summary = AdapterFolderSummary.read(folder);
        List<LayerDelta> out = new ArrayList<>();
        try (SafetensorsFile f = SafetensorsFile.open(folder.resolve(PeftFormat.WEIGHTS_FILE))) {
            for (AdapterFolderSummary.Layer l : summary.layers()) {
                if (!select.test(l.path())) {
                    continue;
                }
                String stem = PeftFormat.KEY_PREFIX + l.path() + (l.kind().equals("embedding") ? ".lora_embedding_" : ".lora_");
                out.add(LayerDelta.of(l, f.floats(key(f, stem + "A")), f.floats(key(f, stem + "B"))));
            }
        }
        return out;
    }

    private static String key(SafetensorsFile f, String stem) throws IOException {
        if (f.names().contains(stem + ".weight")) {
            return stem + ".weight";
        }
        if (f.names().contains(stem)) {
            return stem;
        }
        throw new IOException(f.path() + " has no tensor '" + stem + ".weight'");
    }
}
