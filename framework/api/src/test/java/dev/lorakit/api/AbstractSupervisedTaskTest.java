package dev.lorakit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbstractSupervisedTaskTest {

    private static final MainMetric ACCURACY = new MainMetric("eval/accuracy", true);

    @Test
    void accessorsReturnWhatTheConstructorSet() {
        Block model = new SequentialBlock();
        ExampleSource train = new Examples(8);
        ExampleSource eval = new Examples(2);
        ExampleSource test = new Examples(3);
        SupervisedTask task = new WithLoss(new RecordingLoss(), t -> {
            t.setModel(model, new Shape(1, 2), new Shape(1, 5));
            t.setData(train, eval, test);
        });

        assertThat(task.model()).isSameAs(model);
        assertThat(task.inputShapes()).containsExactly(new Shape(1, 2), new Shape(1, 5));
        assertThat(task.mainMetric()).isEqualTo(ACCURACY);
        assertThat(task.trainData()).isSameAs(train);
        assertThat(task.evalData()).isSameAs(eval);
        assertThat(task.testData()).isSameAs(test);
    }

    @Test
    void inputShapesCannotBeChangedThroughTheAccessor() {
        SupervisedTask task = new WithLoss(new RecordingLoss(), t -> {
            t.setModel(new SequentialBlock(), new Shape(1, 2));
            t.setData(new Examples(1), new Examples(1));
        });
        task.inputShapes()[0] = new Shape(9, 9);
        assertThat(task.inputShapes()).containsExactly(new Shape(1, 2));
        assertThat(task.testData()).isNull();
    }

    @Test
    void theDjlLossGetsLabelsFirst() {
        RecordingLoss loss = new RecordingLoss();
        SupervisedTask task = new WithLoss(loss, t -> {});
        NDList predictions = new NDList();
        NDList labels = new NDList();
        task.loss(predictions, labels);
        assertThat(loss.calls).hasSize(1);
        assertThat(loss.calls.get(0).get(0)).isSameAs(labels);
        assertThat(loss.calls.get(0).get(1)).isSameAs(predictions);
    }

    @Test
    void aMissingSetterIsNamedOnFirstUse() {
        SupervisedTask task = new WithLoss(new RecordingLoss(), t -> t.setModel(new SequentialBlock(), new Shape(1)));
        assertThatThrownBy(task::trainData).isInstanceOf(IllegalStateException.class)
                .hasMessage(WithLoss.class.getName() + " must call setData in its constructor");
        SupervisedTask noModel = new WithLoss(new RecordingLoss(), t -> t.setData(new Examples(1), new Examples(1)));
        assertThatThrownBy(noModel::model).hasMessageContaining("must call setModel");
    }

    @Test
    void settingTwiceOrWithoutShapesIsRefused() {
        assertThatThrownBy(() -> new WithLoss(new RecordingLoss(), t -> {
            t.setModel(new SequentialBlock(), new Shape(1));
            t.setModel(new SequentialBlock(), new Shape(1));
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("sets its model twice");
        assertThatThrownBy(() -> new WithLoss(new RecordingLoss(), t -> t.setModel(new SequentialBlock())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setModel needs the input shapes");
        assertThatThrownBy(() -> new WithLoss(null, t -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loss must not be null");
    }

    @Test
    void aTaskWithoutDjlLossMustOverrideLossWhenBuilt() {
        assertThatThrownBy(ForgetsLoss::new).isInstanceOf(IllegalStateException.class)
                .hasMessage(ForgetsLoss.class.getName()
                        + " passes no Loss to AbstractSupervisedTask, so it must override loss(NDList, NDList)");
        assertThat(new OwnLoss().loss(new NDList(), new NDList())).isNull();
    }

    /** Runs the test's setter calls inside the constructor, where subclasses make them. */
    private static final class WithLoss extends AbstractSupervisedTask {
        WithLoss(Loss loss, java.util.function.Consumer<WithLoss> constructor) {
            super(ACCURACY, loss);
            constructor.accept(this);
        }

        @Override
        public MetricAccumulator newMetrics() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class ForgetsLoss extends AbstractSupervisedTask {
        ForgetsLoss() {
            super(ACCURACY);
        }

        @Override
        public MetricAccumulator newMetrics() {
            throw new UnsupportedOperationException();
        }
    }

    private static final class OwnLoss extends AbstractSupervisedTask {
        OwnLoss() {
            super(ACCURACY);
        }

        @Override
        public NDArray loss(NDList predictions, NDList labels) {
            return null;
        }

        @Override
        public MetricAccumulator newMetrics() {
            throw new UnsupportedOperationException();
        }
    }

    /** Records its arguments; needs no engine. */
    private static final class RecordingLoss extends Loss {
        final List<List<NDList>> calls = new ArrayList<>();

        RecordingLoss() {
            super("recording");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            calls.add(List.of(labels, predictions));
            return null;
        }
    }

    private record Examples(int size) implements ExampleSource {
        @Override
        public Batch batch(NDManager manager, int[] indices) {
            throw new UnsupportedOperationException();
        }
    }
}
