package dev.lorakit.zoo.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Train / validation / test fractions, and the stratified split they define: each label's
 * examples are shuffled with the run seed and cut by the fractions, so every part keeps the
 * label proportions and the same seed always gives the same split.
 *
 * @param validation fraction for validation, in [0, 1)
 * @param test fraction for test, in [0, 1); {@code validation + test < 1}
 */
public record StratifiedSplit(double validation, double test) {

    /** The three parts of a split. */
    public record Parts(List<TextExample> train, List<TextExample> validation, List<TextExample> test) {

        /** Makes the lists unmodifiable. */
        public Parts {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
            test = List.copyOf(test);
        }
    }

    /** Validates the fractions. */
    public StratifiedSplit {
        if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
            throw new IllegalArgumentException(
                    "split fractions need validation >= 0, test >= 0 and validation + test < 1; got "
                            + validation
                            + " and "
                            + test);
        }
    }

    /**
     * Splits examples.
     *
     * @param examples the data set
     * @param seed the run seed
     * @return train, validation and test parts, each shuffled
     */
    public Parts split(List<TextExample> examples, long seed) {
        Map<String, List<TextExample>> byLabel = new LinkedHashMap<>();
        for (TextExample e : examples) {
            byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
        }
        Random random = new Random(seed);
        List<TextExample> train = new ArrayList<>();
        List<TextExample> val = new ArrayList<>();
        List<TextExample> tst = new ArrayList<>();
        for (String label : new TreeSet<>(byLabel.keySet())) {
            List<TextExample> group = new ArrayList<>(byLabel.get(label));
            Collections.shuffle(group, random);
            int nTest = (int) Math.round(group.size() * test);
            int nVal = (int) Math.round(group.size() * validation);
            tst.addAll(group.subList(0, nTest));
            val.addAll(group.subList(nTest, nTest + nVal));
            train.addAll(group.subList(nTest + nVal, group.size()));
        }
        Collections.shuffle(train, random);
        Collections.shuffle(val, random);
        Collections.shuffle(tst, random);
        return new Parts(train, val, tst);
    }
}
