package dev.lorakit.plugins.dqn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.lorakit.api.ExperimentContext;
import dev.lorakit.api.Learner;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.ReinforcementTask;
import dev.lorakit.api.RlRuntime;
import dev.lorakit.api.Stateful;
import dev.lorakit.env.Discrete;
import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import dev.lorakit.env.StepResult;
import dev.lorakit.train.replay.PrioritizedReplayBuffer;
import dev.lorakit.train.replay.ReplayBatch;
import dev.lorakit.train.replay.ReplayBuffer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DQN (Mnih et al., 2015) as CleanRL's {@code dqn.py} runs it: epsilon-greedy acting, a replay
 * buffer, a target network, one training round every {@code train_frequency} steps after
 * {@code learning_starts}, target updates every {@code target_network_frequency} steps; plus
 * Double DQN, Huber loss, prioritized and n-step replay as options, greedy evaluation every
 * {@code eval_every} steps and the step at which the run first solves the environment.
 *
 * <p>Acting uses a plain-Java copy of the network ({@link GreedyPolicy}) refreshed after every
 * training round; gradient steps go through the shared {@link Learner}.
 */
final class DqnTask implements ReinforcementTask {

    private static final System.Logger LOG = System.getLogger(DqnTask.class.getName());
    private static final int LOG_EVERY = 100;
    private static final int MAX_GIF_FRAMES = 250;
    // The training thread's CPU time: the loop is single-threaded (one libtorch intra-op thread
    // recommended), so this is what the run costs on an idle core, whatever else loads the machine.
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final DqnConfig config;
    private final ExperimentContext context;
    private final Environment env;
    private final Environment evalEnv;
    private final int actions;
    private final QNetwork network;
    private final ReplayBuffer buffer;
    private final EpsilonSchedule epsilon;
    private final DqnProgress progress;
    private final long episodeSeedBase;
    private final long evalSeedBase;
    private GreedyPolicy policy;
    private long trainableParameters;
    private long totalParameters;

    DqnTask(DqnConfig config, ExperimentContext context) throws IOException {
        this.config = config;
        this.context = context;
        this.env = Environments.make(config.env(), config.envKwargs());
        this.evalEnv = Environments.make(config.env(), config.envKwargs());
        if (!(env.actionSpace() instanceof Discrete discrete)) {
            env.close();
            evalEnv.close();
            throw new IllegalArgumentException("dqn.env " + config.env() + " has action space "
                    + env.actionSpace() + "; DQN needs a Discrete one");
        }
        this.actions = discrete.n();
        int observationSize = env.observationSpace().flatSize();
        this.network = QNetwork.builder()
                .setObservationSize(observationSize)
                .setHiddenSizes(config.hiddenSizes())
                .setActions(actions)
                .build();
        // PyTorch's nn.Linear init from the run's seed; the host's init_from then overwrites
        // these weights with an earlier run's, before LoRA injection.
        network.initialize(context.manager(), DataType.FLOAT32, inputShapes());
        network.initializeWeights(context.random("dqn-init"));
        this.buffer = config.replay().build(config.bufferSize(), observationSize, config.gamma(), config.totalTimesteps());
        this.epsilon = config.exploration().schedule(config.totalTimesteps());
        this.progress = new DqnProgress(context.random("dqn-explore"));
        // Gymnasium seeds are non-negative; the headroom keeps base + episode from overflowing.
        this.episodeSeedBase = context.random("dqn-env").nextLong() >>> 2;
        this.evalSeedBase = context.random("dqn-eval").nextLong() >>> 2;
    }

    @Override
    public Block model() {
        return network;
    }

    @Override
    public Shape[] inputShapes() {
        return new Shape[] {new Shape(1, network.observationSize())};
    }

    @Override
    public MainMetric mainMetric() {
        return new MainMetric("eval/episodic_return", true);
    }

    @Override
    public void onModelReady(Block model) {
        try (NDManager scratch = QNetworkWeights.modelManager(network).newSubManager()) {
            List<EffectiveLinear> layers = EffectiveLinear.probeAll(network, scratch);
            progress.target = new TargetNetwork(layers, QNetworkWeights.modelManager(network));
            policy = new GreedyPolicy(layers);
        }
        trainableParameters = 0;
        totalParameters = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            long size = p.getValue().getArray().size();
            totalParameters += size;
            if (p.getValue().requiresGradient()) {
                trainableParameters += size;
            }
        }
    }

    @Override
    public Map<String, Stateful> state() {
        return Map.of("replay", buffer, "dqn", progress);
    }

    /**
     * Parameters the optimizer updates (after LoRA injection and freezing).
     *
     * @return the trainable parameter count
     */
    long trainableParameters() {
        return trainableParameters;
    }

    /**
     * The environment step of the first evaluation whose mean return reached the threshold.
     *
     * @return the step, or -1 when not solved
     */
    long solvedAtStep() {
        return progress.solvedAtStep;
    }

    ReplayBuffer buffer() {
        return buffer;
    }

    @Override
    public void train(RlRuntime runtime) throws Exception {
        if (policy == null) {
            onModelReady(network);
        }
        refreshPolicy();
        Learner learner = runtime.learner();
        long startNanos = System.nanoTime();
        long startCpuNanos = CPU.getCurrentThreadCpuTime();
        long startStep = progress.step;
        float[] obs = env.reset(episodeSeed(progress.episode)).observation();
        double episodeReturn = 0;
        int episodeLength = 0;
        double lastLoss = Double.NaN;
        while (progress.step < config.totalTimesteps() && !runtime.stopRequested() && !stoppedOnSolve()) {
            long step = progress.step;
            double eps = epsilon.value(step);
            int action = progress.random.nextDouble() < eps ? progress.random.nextInt(actions) : policy.act(obs);
            StepResult result = env.step(action);
            float reward = (float) result.reward();
            episodeReturn += reward;
            episodeLength++;
            // The buffer gets the real next observation even on truncation (CleanRL's
            // real_next_obs), and only `terminated` stops the bootstrap.
            buffer.add(obs, action, reward, result.observation(), result.terminated(), result.truncated());
            obs = result.observation();
            progress.step = step + 1;

            if (step > config.learningStarts()) {
                if (step % config.trainFrequency() == 0) {
                    for (int g = 0; g < config.gradientSteps(); g++) {
                        lastLoss = trainStep(learner, runtime, step);
                    }
                    refreshPolicy();
                }
                if (step % config.targetNetworkFrequency() == 0) {
                    updateTarget(config.tau());
                }
            }
            if (step % LOG_EVERY == 0 && !Double.isNaN(lastLoss)) {
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                runtime.log(step, Map.of(
                        "charts/SPS", (progress.step - startStep) / Math.max(seconds, 1e-9),
                        "charts/epsilon", eps));
            }
            if (progress.step % config.evalEvery() == 0 && config.evalEpisodes() > 0) {
                evaluate(runtime, progress.step, startNanos, startCpuNanos);
            }
            if (result.done()) {
                runtime.log(progress.step, Map.of(
                        "charts/episodic_return", episodeReturn,
                        "charts/episodic_length", (double) episodeLength,
                        "charts/epsilon", eps));
                runtime.progress(progress.step, config.totalTimesteps(),
                        String.format(Locale.ROOT, "return %.0f eps %.2f", episodeReturn, eps));
                progress.episode++;
                // Between episodes the whole loop state is in `progress` and the buffer.
                runtime.checkpointIfDue(progress.step, evalMetrics());
                episodeReturn = 0;
                episodeLength = 0;
                obs = env.reset(episodeSeed(progress.episode)).observation();
            }
        }
        if (config.evalEpisodes() > 0 && progress.step % config.evalEvery() != 0) {
            evaluate(runtime, progress.step, startNanos, startCpuNanos);
        }
        finish(runtime, (System.nanoTime() - startNanos) / 1e9, (CPU.getCurrentThreadCpuTime() - startCpuNanos) / 1e9);
    }

    private double trainStep(Learner learner, RlRuntime runtime, long step) {
        NDManager parent = QNetworkWeights.modelManager(network);
        try (NDManager scope = parent.newSubManager()) {
            ReplayBatch batch = buffer.sample(scope, config.batchSize(), progress.random);
            NDArray nextTargetQ = progress.target.forward(batch.nextObservations());
            NDArray nextOnlineQ = config.doubleDqn()
                    ? learner.predict(new NDList(batch.nextObservations())).singletonOrThrow()
                    : null;
            NDArray targets = TdTargets.compute(
                    batch.rewards(), batch.discounts(), batch.terminated(), nextTargetQ, nextOnlineQ);
            float[][] tdErrors = new float[1][];
            double[] qMean = new double[1];
            Learner.StepResult result = learner.step(forward -> {
                NDArray q = forward.apply(new NDList(batch.observations())).singletonOrThrow();
                NDArray chosen = q.gather(batch.actions().reshape(-1, 1), 1).reshape(-1);
                if (step % LOG_EVERY == 0) {
                    // Reading a value syncs and copies: only on the steps that log it.
                    qMean[0] = chosen.mean().getFloat();
                }
                if (buffer instanceof PrioritizedReplayBuffer) {
                    tdErrors[0] = chosen.sub(targets).toFloatArray();
                }
                return config.loss().loss(chosen, targets, batch.weights());
            });
            if (buffer instanceof PrioritizedReplayBuffer prioritized && tdErrors[0] != null && !result.skipped()) {
                prioritized.updatePriorities(batch.indices(), tdErrors[0]);
            }
            if (step % LOG_EVERY == 0) {
                runtime.log(step, Map.of("losses/td_loss", result.loss(), "losses/q_values", qMean[0]));
            }
            return result.loss();
        }
    }

    private void refreshPolicy() {
        try (NDManager scratch = QNetworkWeights.modelManager(network).newSubManager()) {
            policy.refresh(EffectiveLinear.probeAll(network, scratch));
        }
    }

    private void updateTarget(double tau) {
        try (NDManager scratch = QNetworkWeights.modelManager(network).newSubManager()) {
            progress.target.update(EffectiveLinear.probeAll(network, scratch), tau);
        }
    }

    /** A run that stopped on solving stays stopped when resumed from its final checkpoint. */
    private boolean stoppedOnSolve() {
        return config.stopOnSolve() && progress.solvedAtStep >= 0;
    }

    private long episodeSeed(long episode) {
        return episodeSeedBase + episode;
    }

    /** Runs the greedy evaluation and records the first step at which it solved the environment. */
    private void evaluate(RlRuntime runtime, long step, long startNanos, long startCpuNanos) {
        double mean = GreedyEvaluation.meanReturn(evalEnv, policy, config.evalEpisodes(), evalSeedBase);
        progress.lastEvalReturn = mean;
        if (Double.isNaN(progress.bestEvalReturn) || mean > progress.bestEvalReturn) {
            progress.bestEvalReturn = mean;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("eval/episodic_return", mean);
        boolean solved = mean >= config.solveThreshold();
        if (solved && progress.solvedAtStep < 0) {
            progress.solvedAtStep = step;
            progress.solvedAtSeconds = (System.nanoTime() - startNanos) / 1e9;
            progress.solvedAtCpuSeconds = (CPU.getCurrentThreadCpuTime() - startCpuNanos) / 1e9;
            metrics.put("eval/steps_to_threshold", (double) step);
        }
        runtime.log(step, metrics);
    }

    private Map<String, Double> evalMetrics() {
        return Double.isNaN(progress.lastEvalReturn)
                ? Map.of()
                : Map.of("eval/episodic_return", progress.lastEvalReturn);
    }

    private void finish(RlRuntime runtime, double seconds, double cpuSeconds) throws IOException {
        Path run = context.runDirectory();
        QNetworkWeights.save(network, run.resolve("q_network.safetensors"));
        DqnSummary summary = new DqnSummary(
                config.env(), config.envKwargs(), context.seed(), progress.step, seconds, cpuSeconds,
                progress.solvedAtStep, progress.solvedAtSeconds, progress.solvedAtCpuSeconds, config.solveThreshold(),
                progress.lastEvalReturn, progress.bestEvalReturn, trainableParameters, totalParameters);
        summary.write(run.resolve("dqn-summary.json"));
        runtime.log(progress.step, summary.metrics());
        if (config.recordGif()) {
            recordGreedyEpisode(run.resolve("report").resolve("greedy-episode.gif"));
        }
    }

    private void recordGreedyEpisode(Path file) throws IOException {
        List<BufferedImage> frames = new ArrayList<>();
        try {
            float[] obs = evalEnv.reset(evalSeedBase).observation();
            frames.add(EpisodeGif.half(evalEnv.render()));
            boolean done = false;
            // Every second frame at 40 ms plays in real time (CartPole runs at 50 fps); the
            // cap keeps a 500-step episode's GIF small and quick to encode.
            for (int t = 0; !done && frames.size() < MAX_GIF_FRAMES; t++) {
                StepResult r = evalEnv.step(policy.act(obs));
                obs = r.observation();
                done = r.done();
                if (t % 2 == 1 || done) {
                    frames.add(EpisodeGif.half(evalEnv.render()));
                }
            }
        } catch (UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.INFO, "dqn.record_gif: " + e.getMessage() + "; no GIF written");
            return;
        }
        EpisodeGif.write(frames, file, 40);
    }

    @Override
    public void close() {
        if (progress.target != null) {
            progress.target.close();
        }
        env.close();
        evalEnv.close();
    }
}
