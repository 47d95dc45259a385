package dev.lorakit.host.interim;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lorakit.api.Batch;
import dev.lorakit.api.ExampleSource;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.api.SupervisedTask;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * A plain Adam loop over a {@link SupervisedTask} (interim: replaced by {@code
 * dev.lorakit.train.SupervisedTrainer}, which adds schedules, clipping, accumulation, guards,
 * checkpoints and exact resume). Logs {@code train/loss}, {@code train/lr}, {@code charts/SPS}
 * and {@code eval/<metric>}.
 */
public final class InterimSupervisedTrainer {

    private InterimSupervisedTrainer() {}

    /**
     * Trains the task's model, already set on {@code model}, for {@code config.maxSteps()} steps.
     *
     * @param task the task
     * @param model the model holding the task's block
     * @param config the trainer section
     * @param context the run context (devices, seeded RNGs)
     * @param log receives (step, metrics)
     * @return the number of steps run
     */
    public static long train(SupervisedTask task, Model model, TrainerConfig config, ExperimentContext context,
            BiConsumer<Long, Map<String, Double>> log) {
        // The loss object of DJL's config is unused: the task's own loss is applied below.
        DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.lr().floatValue())).build())
                .optDevices(context.devices());
        try (Trainer trainer = model.newTrainer(trainingConfig)) {
            trainer.initialize(task.inputShapes());
            ExampleSource data = task.trainData();
            Random order = context.random("data-order");
            int[] permutation = shuffled(data.size(), order);
            int cursor = 0;
            double lossSum = 0;
            int lossCount = 0;
            long windowStart = System.nanoTime();
            for (long step = 1; step <= config.maxSteps(); step++) {
                int size = Math.min(config.batchSize(), data.size());
                if (cursor + size > permutation.length) {
                    permutation = shuffled(data.size(), order);
                    cursor = 0;
                }
                int[] indices = java.util.Arrays.copyOfRange(permutation, cursor, cursor + size);
                cursor += size;
                try (NDManager sub = trainer.getManager().newSubManager()) {
                    Batch batch = data.batch(sub, indices);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray loss = task.loss(trainer.forward(batch.inputs()), batch.labels());
                        lossSum += loss.getFloat();
                        lossCount++;
                        gc.backward(loss);
                    }
                    trainer.step();
                }
                if (step % config.logEvery() == 0 || step == config.maxSteps()) {
                    double seconds = (System.nanoTime() - windowStart) / 1e9;
                    Map<String, Double> m = new HashMap<>();
                    m.put("train/loss", lossSum / lossCount);
                    m.put("train/lr", config.lr());
                    m.put("charts/SPS", lossCount / Math.max(seconds, 1e-9));
                    log.accept(step, m);
                    lossSum = 0;
                    lossCount = 0;
                    windowStart = System.nanoTime();
                }
                if (step % config.evalEvery() == 0 || step == config.maxSteps()) {
                    log.accept(step, evaluate(trainer, task, config.batchSize()));
                }
            }
            return config.maxSteps();
        }
    }

    private static Map<String, Double> evaluate(Trainer trainer, SupervisedTask task, int batchSize) {
        ExampleSource eval = task.evalData();
        MetricAccumulator metrics = task.newMetrics();
        for (int from = 0; from < eval.size(); from += batchSize) {
            int[] indices = java.util.stream.IntStream.range(from, Math.min(from + batchSize, eval.size())).toArray();
            try (NDManager sub = trainer.getManager().newSubManager()) {
                Batch batch = eval.batch(sub, indices);
                NDList predictions = trainer.evaluate(batch.inputs());
                metrics.update(predictions, batch.labels());
            }
        }
        Map<String, Double> prefixed = new HashMap<>();
        metrics.compute().forEach((k, v) -> prefixed.put("eval/" + k, v));
        return prefixed;
    }

    private static int[] shuffled(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
