package dev.lorakit.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.lorakit.api.Batch;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.ModuleTree;
import dev.lorakit.train.optim.AdamWConfig;
import dev.lorakit.train.optim.Optimizer;
import dev.lorakit.zoo.data.StratifiedSplit;
import dev.lorakit.zoo.data.TextCorpora;
import dev.lorakit.zoo.task.SequenceClassificationTask;
import dev.lorakit.zoo.task.TextBackbone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Looks for non-finite gradients in MiniLM LoRA training on the real polarity data (the
 * polarity config's model, split, batch and LoRA settings, seed 0), one forward/backward per
 * pass with AdamW updates in between, and reports for each non-finite pass the loss and every
 * parameter whose gradient is not finite (how many NaN and inf elements). Needs the polarity data
 * ({@code framework/zoo/src/main/scripts/fetch-polarity.sh}).
 *
 * <p>{@code framework/bench/run TextNanProbe [passes=300] [mode=train|eval|repeat] [update=true]}:
 * {@code train} runs with dropout (as training does), {@code eval} without dropout,
 * {@code repeat} without dropout and each batch twice, counting passes whose two gradient norms
 * differ (the engine's nondeterminism) and which of the two was non-finite.
 */
public final class TextNanProbe {

    private TextNanProbe() {}

    /**
     * Runs the probe.
     *
     * @param args passes, mode, update
     * @throws Exception when the data or the model cannot be read
     */
    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String mode = args.length > 1 ? args[1] : "train";
        boolean update = args.length <= 2 || Boolean.parseBoolean(args[2]);
        boolean training = mode.equals("train");
        boolean repeat = mode.equals("repeat");
        Engine.getInstance().setRandomSeed(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequenceClassificationTask task = SequenceClassificationTask.builder()
                    .setBackbone(TextBackbone.load(null, 64, manager))
                    .setExamples(TextCorpora.polarity(TextCorpora.dataDir()))
                    .setSplit(new StratifiedSplit(0.0, 0.2), 0)
                    .build();
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes());
            LoraModel.builder().setBlock(task.model())
                    .setConfig(LoraConfig.of("query", "value").withR(8).withAlpha(16).withDropout(0.1)
                            .withModulesToSave("classifier"))
                    .optSeed(0).build();
            Map<String, NDArray> weights = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : ModuleTree.namedParameters(task.model()).entrySet()) {
                if (e.getValue().requiresGradient()) {
                    weights.put(e.getKey(), e.getValue().getArray());
                }
            }
            ParameterStore ps = new ParameterStore(manager, false);
            int size = task.trainData().size();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                order.add(i);
            }
            Random random = new Random(0);
            System.out.printf(Locale.ROOT, "env ONEDNN_MAX_CPU_ISA=%s, mode %s, update %s, %d passes, %d trainable tensors%n",
                    System.getenv("ONEDNN_MAX_CPU_ISA"), mode, update, passes, weights.size());
            int nonFinite = 0;
            int differing = 0;
            long t0 = System.nanoTime();
            try (Optimizer adamw = AdamWConfig.of(1e-4, null, null, 0.01).newOptimizer(manager)) {
                for (int pass = 0; pass < passes; pass++) {
                    int batchIndex = pass % (size / 32);
                    if (batchIndex == 0) {
                        Collections.shuffle(order, random);
                    }
                    int[] indices = order.subList(batchIndex * 32, batchIndex * 32 + 32).stream().mapToInt(i -> i).toArray();
                    try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        Batch batch = task.trainData().batch(step, indices);
                        Result first = pass(task, ps, batch, weights, training);
                        if (repeat) {
                            zero(weights);
                        }
                        Result second = repeat ? pass(task, ps, batch, weights, training) : null;
                        if (second != null && Double.compare(first.norm, second.norm) != 0) {
                            differing++;
                            System.out.printf(Locale.ROOT, "pass %d: repeat differs: norm %s vs %s, loss %s vs %s%n",
                                    pass, first.norm, second.norm, first.loss, second.loss);
                        }
                        for (Result r : second == null ? List.of(first) : List.of(first, second)) {
                            if (!Double.isFinite(r.norm)) {
                                nonFinite++;
                                System.out.printf(Locale.ROOT, "pass %d: loss %s, non-finite gradients: %s%n",
                                        pass, r.loss, r.bad);
                            }
                        }
                        boolean finite = Double.isFinite(first.norm) && (second == null || Double.isFinite(second.norm));
                        Map<String, NDArray> gradients = new LinkedHashMap<>();
                        weights.forEach((k, w) -> gradients.put(k, w.getGradient()));
                        if (update && finite) {
                            adamw.step(weights, gradients, 1e-4);
                        }
                        zero(weights);
                    }
                    if ((pass + 1) % 50 == 0) {
                        System.out.printf(Locale.ROOT, "%d passes, %d non-finite, %d differing, %.1f s%n",
                                pass + 1, nonFinite, differing, (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "RESULT isa=%s mode=%s update=%s passes=%d nonfinite=%d differing=%d%n",
                    System.getenv("ONEDNN_MAX_CPU_ISA"), mode, update, passes, nonFinite, differing);
            task.close();
        }
    }

    private static void zero(Map<String, NDArray> weights) {
        for (NDArray w : weights.values()) {
            w.getGradient().set(new NDIndex("..."), 0);
        }
    }

    private record Result(double loss, double norm, List<String> bad) {}

    private static Result pass(SequenceClassificationTask task, ParameterStore ps, Batch batch,
            Map<String, NDArray> weights, boolean training) {
        double loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList predictions = task.model().forward(ps, batch.inputs(), training);
            NDArray l = task.loss(predictions, batch.labels());
            loss = l.getFloat();
            collector.backward(l);
        }
        double sum = 0;
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : weights.entrySet()) {
            NDArray g = e.getValue().getGradient();
            double n = g.norm().getFloat();
            sum += n * n;
            if (!Double.isFinite(n)) {
                long nan = g.isNaN().sum().getLong();
                long inf = g.isInfinite().sum().getLong();
                bad.add(e.getKey() + " (nan " + nan + ", inf " + inf + " of " + g.size() + ")");
            }
        }
        double norm = Math.sqrt(sum);
        return new Result(loss, norm, bad);
    }
}
