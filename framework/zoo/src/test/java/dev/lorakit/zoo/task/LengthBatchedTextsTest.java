package dev.lorakit.zoo.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.zoo.data.StratifiedSplit;
import dev.lorakit.zoo.data.TextExample;
import dev.lorakit.zoo.text.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batching: length} on the real MiniLM and its tokenizer: batches padded to their own
 * longest text, grouped by length, every example once per epoch, a seed-determined order, and
 * logits that padding does not change.
 */
class LengthBatchedTextsTest {

    private static final int BATCH = 8;
    private static NDManager manager;
    private static SequenceClassificationTask grouped;
    /** The same split, uniformly shuffled, on the same tokenizer. */
    private static LabelledTexts shuffledTrain;
    private static LabelledTexts shuffledTest;

    @TempDir static java.nio.file.Path runDir;

    /** 120 reviews of 1 to 30 words. */
    private static List<TextExample> reviews() {
        String[] words = "the film was a warm funny and beautifully acted story but its plot felt thin dull slow"
                .split(" ");
        Random random = new Random(5);
        List<TextExample> out = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int n = 1 + random.nextInt(30);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < n; w++) {
                text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            out.add(TextExample.of(text + ".", i % 2 == 0 ? "positive" : "negative"));
        }
        return out;
    }

    @BeforeAll
    static void build() throws Exception {
        manager = NDManager.newBaseManager();
        StratifiedSplit split = new StratifiedSplit(0.0, 0.2);
        grouped = SequenceClassificationTask.builder()
                .setBackbone(TextBackbone.load(null, 64, manager))
                .setExamples(reviews())
                .setSplit(split, 0)
                .optBatching(TextBatching.LENGTH)
                .optRunDirectory(runDir)
                .build();
        StratifiedSplit.Parts parts = split.split(reviews(), 0);
        TextTokenizer tokenizer = grouped.backbone().tokenizer();
        shuffledTrain = LabelledTexts.training(parts.train(), tokenizer, grouped.labels(), TextBatching.SHUFFLED);
        shuffledTest = LabelledTexts.evaluation(parts.test(), tokenizer, grouped.labels(), TextBatching.SHUFFLED);
    }

    @AfterAll
    static void close() {
        grouped.close();
        manager.close();
    }

    /** The real token count of each example of a source, from the mask of one-example batches. */
    private static int[] realLengths(ExampleSource source) {
        int[] out = new int[source.size()];
        for (int i = 0; i < out.length; i++) {
            try (NDManager step = manager.newSubManager()) {
                out[i] = (int) source.batch(step, new int[] {i}).inputs().get(1).sum().getLong();
            }
        }
        return out;
    }

    /** Padded length of each batch when the epoch's order is cut into batches of {@link #BATCH}. */
    private static List<int[]> cut(int[] order) {
        return IntStream.range(0, (order.length + BATCH - 1) / BATCH)
                .mapToObj(b -> Arrays.copyOfRange(order, b * BATCH, Math.min(order.length, b * BATCH + BATCH)))
                .toList();
    }

    private static long paddedTokens(ExampleSource source, int[] order, int[] lengths) {
        long total = 0;
        for (int[] indices : cut(order)) {
            try (NDManager step = manager.newSubManager()) {
                long padded = source.batch(step, indices).inputs().get(0).getShape().get(1);
                int longest = Arrays.stream(indices).map(i -> lengths[i]).max().orElseThrow();
                assertThat(padded).as("a batch is padded to its longest text").isEqualTo(longest);
                total += padded * indices.length;
            }
        }
        return total;
    }

    @Test
    void batchesArePaddedToTheirLongestAndGroupedByLength() {
        ExampleSource train = grouped.trainData();
        int[] lengths = realLengths(train);
        long real = Arrays.stream(lengths).sum();
        long groupedTokens = paddedTokens(train, train.epochOrder(new Random(3), BATCH), lengths);
        ExampleSource uniform = shuffledTrain;
        assertThat(realLengths(uniform)).isEqualTo(lengths); // the same split, the same texts
        long shuffledTokens = paddedTokens(uniform, uniform.epochOrder(new Random(3), BATCH), lengths);
        assertThat((double) (groupedTokens - real) / real).isLessThan(0.15);
        assertThat((double) (shuffledTokens - real) / real).isGreaterThan(0.3);
    }

    @Test
    void everyExampleOncePerEpochAndTheSeedFixesTheOrder() {
        ExampleSource train = grouped.trainData();
        int[] order = train.epochOrder(new Random(11), BATCH);
        assertThat(Arrays.stream(order).sorted().toArray()).containsExactly(IntStream.range(0, 96).toArray());
        List<int[]> batches = cut(order);
        assertThat(batches).hasSize(12).allSatisfy(b -> assertThat(b).hasSize(BATCH));
        assertThat(train.epochOrder(new Random(11), BATCH)).containsExactly(order);
        assertThat(train.epochOrder(new Random(12), BATCH)).isNotEqualTo(order);
        int[] order10 = train.epochOrder(new Random(11), 10); // a remainder of 6
        assertThat(Arrays.stream(order10).sorted().toArray()).containsExactly(IntStream.range(0, 96).toArray());
    }

    @Test
    void evaluationSplitsAreHeldShortestFirst() {
        int[] lengths = realLengths(grouped.testData());
        assertThat(lengths).isSorted();
        assertThat(grouped.evalData()).isSameAs(grouped.testData());
        assertThat(shuffledTest.size()).isEqualTo(24);
        assertThat(realLengths(shuffledTest)).isNotEqualTo(lengths).containsExactlyInAnyOrder(lengths);
    }

    @Test
    void paddingDoesNotChangeAnExamplesLogits() {
        Engine.getInstance().setRandomSeed(7); // the head
        grouped.model().initialize(manager, DataType.FLOAT32, grouped.inputShapes());
        ExampleSource test = grouped.testData();
        int[] mixed = {0, 23, 5, 17}; // shortest and longest of the sorted split, two between
        try (NDManager step = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(step, false);
            Batch batch = test.batch(step, mixed);
            assertThat(batch.inputs().get(1).sum(new int[] {1}).toLongArray())
                    .as("lengths differ, so all but one row are padded").doesNotHaveDuplicates();
            NDArray together = grouped.model().forward(store, batch.inputs(), false).head();
            for (int row = 0; row < mixed.length; row++) {
                NDList alone = test.batch(step, new int[] {mixed[row]}).inputs();
                NDArray single = grouped.model().forward(store, alone, false).head();
                float[] expected = single.toFloatArray();
                float[] actual = together.get(row).toFloatArray();
                for (int c = 0; c < expected.length; c++) {
                    assertThat(actual[c]).as("row %d class %d", row, c).isCloseTo(expected[c],
                            org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        }
    }
}
