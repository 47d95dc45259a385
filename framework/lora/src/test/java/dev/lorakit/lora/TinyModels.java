package dev.lorakit.lora;

import ai.djl.Model;
import ai.djl.modality.nlp.DefaultVocabulary;
import ai.djl.modality.nlp.embedding.TrainableWordEmbedding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Tiny models × configs that every LoRA property test runs through. */
final class TinyModels {

    /**
     * One row of the table.
     *
     * @param name shown in test names
     * @param factory builds the untrained model
     * @param inputShape the input's shape
     * @param integerInput whether the input is token ids
     * @param config the LoRA config
     */
    record Case(String name, Supplier<Block> factory, Shape inputShape, boolean integerInput, LoraConfig config) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A block that calls its children through typed fields, as hand-written models do. */
    static final class Head extends AbstractBlock {
        final Linear fc1;
        final Linear fc2;
        final Linear head;

        Head() {
            fc1 = addChildBlock("fc1", Linear.builder().setUnits(10).build());
            fc2 = addChildBlock("fc2", Linear.builder().setUnits(6).build());
            head = addChildBlock("head", Linear.builder().setUnits(3).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            NDList h = new NDList(fc1.forward(ps, in, training).head().tanh());
            return head.forward(ps, fc2.forward(ps, h, training), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return head.getOutputShapes(fc2.getOutputShapes(fc1.getOutputShapes(inputShapes)));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            fc1.initialize(manager, dataType, inputShapes);
            fc2.initialize(manager, dataType, fc1.getOutputShapes(inputShapes));
            head.initialize(manager, dataType, fc2.getOutputShapes(fc1.getOutputShapes(inputShapes)));
        }
    }

    static Block mlp() {
        return new SequentialBlock().add(Linear.builder().setUnits(16).build()).add(Activation.reluBlock()).add(Linear.builder().setUnits(8).build());
    }

    static Block cnn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(5).optStride(new Shape(2, 2)).optPadding(new Shape(2, 2)).optDilation(new Shape(2, 2)).build());
    }

    static Block embedder() {
        List<String> words = IntStream.range(0, 12).mapToObj(i -> "w" + i).toList();
        return new SequentialBlock()
                .add(TrainableWordEmbedding.builder().setVocabulary(new DefaultVocabulary(words)).setEmbeddingSize(6).build())
                .add(Linear.builder().setUnits(4).build());
    }

    static List<Case> cases() {
        return List.of(
                new Case("mlp", TinyModels::mlp, new Shape(4, 12), false, LoraConfig.of("0", "2").withR(4).withAlpha(8).withDropout(0.1)),
                new Case("typed-fields+rslora+patterns+modules_to_save", Head::new, new Shape(5, 7), false,
                        LoraConfig.of("fc1", "fc2").withR(4).withAlpha(6).withRslora(true).withPatterns(Map.of("fc2", 2), Map.of("fc2", 3.0)).withModulesToSave("head")),
                new Case("mlp-gaussian-bias-lora_only", TinyModels::mlp, new Shape(4, 12), false, LoraConfig.of("regex:[02]").withInit(LoraInit.GAUSSIAN).withBias(LoraBias.LORA_ONLY)),
                new Case("mlp-bias-all", TinyModels::mlp, new Shape(4, 12), false, LoraConfig.of("2").withBias(LoraBias.ALL)),
                new Case("mlp-pissa", TinyModels::mlp, new Shape(4, 12), false, LoraConfig.of("0", "2").withR(3).withAlpha(6).withInit(LoraInit.PISSA)),
                new Case("conv2d-dilated", TinyModels::cnn, new Shape(2, 3, 9, 9), false, LoraConfig.of("0", "2").withR(2).withAlpha(4)),
                new Case("embedding+linear", TinyModels::embedder, new Shape(3, 5), true, LoraConfig.of("0", "1").withR(3).withAlpha(3)));
    }

    static Block build(Case c, NDManager m) {
        Block b = c.factory().get();
        b.initialize(m, DataType.FLOAT32, c.inputShape());
        // Random biases, so that bias handling is visible in outputs.
        ModuleTree.namedParameters(b).forEach((k, p) -> {
            if (k.endsWith("bias")) {
                p.getArray().set(m.randomNormal(p.getArray().getShape()).mul(0.1f).toFloatArray());
            }
        });
        return b;
    }

    static NDArray input(Case c, NDManager m) {
        if (c.integerInput()) {
            return m.randomInteger(0, 12, c.inputShape(), DataType.INT64);
        }
        return m.randomNormal(c.inputShape());
    }

    static NDArray forward(Block b, NDArray x) {
        return b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }

    static Map<String, NDArray> snapshot(Block b) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        ModuleTree.namedParameters(b).forEach((k, p) -> out.put(k, p.getArray().duplicate()));
        return out;
    }

    static void copyInto(Map<String, NDArray> values, Block target) {
        Map<String, Parameter> params = ModuleTree.namedParameters(target);
        values.forEach((k, v) -> {
            if (params.containsKey(k)) {
                v.copyTo(params.get(k).getArray());
            }
        });
    }

    /** A few Adam steps on an L2 loss against a random target, through DJL's real trainer. */
    static void train(Block root, Case c, NDManager m, int steps) {
        try (Model model = Model.newInstance("tiny")) {
            model.setBlock(root);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                NDArray x = input(c, m);
                NDArray y = forward(root, x).mul(0).add(m.randomNormal(forward(root, x).getShape()));
                for (int i = 0; i < steps; i++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(x));
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), out);
                        gc.backward(loss);
                    }
                    trainer.step();
                }
            }
        }
    }

    static double maxRelError(NDArray actual, NDArray expected) {
        double diff = actual.sub(expected).abs().max().getFloat();
        double scale = Math.max(expected.abs().max().getFloat(), 1e-12);
        return diff / scale;
    }

    private TinyModels() {}
}
