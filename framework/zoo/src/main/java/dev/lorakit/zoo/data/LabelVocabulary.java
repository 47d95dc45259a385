package dev.lorakit.zoo.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The labels of a data set and their class ids: the distinct labels sorted (so ids do not depend
 * on file order), or an explicit list from the config.
 *
 * @param labels the labels; the id of a label is its index
 */
public record LabelVocabulary(List<String> labels) {

    /** Rejects an empty or duplicated label list. */
    public LabelVocabulary {
        labels = List.copyOf(labels);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a label vocabulary needs at least one label");
        }
        if (new TreeSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("duplicate labels in " + labels);
        }
    }

    /**
     * The sorted distinct labels of some examples.
     *
     * @param examples the examples
     * @return the vocabulary
     */
    public static LabelVocabulary of(Collection<TextExample> examples) {
        TreeSet<String> set = new TreeSet<>();
        for (TextExample e : examples) {
            set.add(e.label());
        }
        return new LabelVocabulary(new ArrayList<>(set));
    }

    /**
     * The class id of a label.
     *
     * @param label a label
     * @return its index
     * @throws IllegalArgumentException naming the label and the known ones
     */
    public int idOf(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("unknown label \"" + label + "\"; labels are " + labels);
        }
        return i;
    }

    /**
     * The label of a class id.
     *
     * @param id a class id
     * @return the label
     */
    public String labelOf(int id) {
        if (id < 0 || id >= labels.size()) {
            throw new IllegalArgumentException("class id " + id + " outside [0, " + labels.size() + ")");
        }
        return labels.get(id);
    }

    /**
     * The number of classes.
     *
     * @return the label count
     */
    public int size() {
        return labels.size();
    }
}
