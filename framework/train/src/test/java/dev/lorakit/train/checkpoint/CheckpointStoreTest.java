package dev.lorakit.train.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.Stateful;
import dev.lorakit.lora.ModuleTree;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir Path tmp;
    private NDManager manager;
    private Map<String, Parameter> params;
    private final Counter counter = new Counter();

    /** A state part: one long. */
    static final class Counter implements Stateful {
        long value;

        @Override
        public void save(OutputStream out) throws IOException {
            new DataOutputStream(out).writeLong(value);
        }

        @Override
        public void load(InputStream in) throws IOException {
            value = new DataInputStream(in).readLong();
        }
    }

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Linear linear = Linear.builder().setUnits(3).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        params = ModuleTree.namedParameters(linear);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private CheckpointContent content() {
        return new CheckpointContent(params, Map.of("counter", counter), "seed: 1\n", false);
    }

    private CheckpointStore store(int keepLast, int keepBest) {
        return CheckpointStore.builder()
                .setDirectory(tmp.resolve("checkpoints"))
                .optKeepLast(keepLast)
                .optKeepBest(keepBest)
                .optBestMetric(new MainMetric("eval/accuracy", true))
                .build();
    }

    private List<String> dirs() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void roundTripRestoresParametersAndState() throws Exception {
        CheckpointStore store = store(2, 0);
        float[] weight = params.get("weight").getArray().toFloatArray();
        counter.value = 42;
        store.save(500, content(), Map.of("eval/accuracy", 0.5, "train/loss", Double.NaN));

        Path dir = tmp.resolve("checkpoints/step-000500");
        assertThat(dir.resolve("parameters.safetensors")).isRegularFile();
        assertThat(dir.resolve("counter.state")).isRegularFile();
        assertThat(Files.readString(dir.resolve("config.resolved.yaml"))).isEqualTo("seed: 1\n");
        assertThat(Files.readString(dir.resolve("format_version")).trim()).isEqualTo("1");
        assertThat(Files.readString(dir.resolve("manifest.json"))).contains("sha256", "\"step\" : 500");

        params.get("weight").getArray().muli(0);
        counter.value = 0;
        Checkpoint latest = store.latestValid().orElseThrow();
        assertThat(latest.step()).isEqualTo(500);
        assertThat(latest.metrics()).containsOnlyKeys("eval/accuracy");
        store.restore(latest, content(), manager);
        assertThat(params.get("weight").getArray().toFloatArray()).containsExactly(weight);
        assertThat(counter.value).isEqualTo(42);
    }

    @Test
    void damagedCheckpointsAreReportedAndSkipped() throws Exception {
        CheckpointStore store = store(5, 0);
        for (long step : new long[] {10, 20, 30, 40}) {
            counter.value = step;
            store.save(step, content(), Map.of());
        }
        Path root = tmp.resolve("checkpoints");
        // 40: truncated parameters; 30: same size, one byte flipped; 20: no manifest.
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("step-000040/parameters.safetensors").toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("step-000030/counter.state").toFile(), "rw")) {
            f.seek(7);
            int b = f.read();
            f.seek(7);
            f.write(b ^ 0xff);
        }
        Files.delete(root.resolve("step-000020/manifest.json"));

        Checkpoint latest = store.latestValid().orElseThrow();
        assertThat(latest.step()).isEqualTo(10);
        store.restore(latest, content(), manager);
        assertThat(counter.value).isEqualTo(10);
        assertThat(store.problems()).hasSize(3);
        assertThat(store.problems().get(0)).contains("step-000040", "parameters.safetensors", "bytes");
        assertThat(store.problems().get(1)).contains("step-000030", "counter.state", "sha256");
        assertThat(store.problems().get(2)).contains("step-000020", "manifest");
    }

    @Test
    void interruptedWriteLeavesNoCheckpointAndIsCleanedUp() throws Exception {
        CheckpointStore store = store(2, 0);
        store.save(10, content(), Map.of());
        // What a kill in the middle of save() leaves: a hidden temp dir without a manifest.
        Path partial = tmp.resolve("checkpoints/.tmp-step-000020-1-2");
        Files.createDirectories(partial);
        Files.write(partial.resolve("parameters.safetensors"), new byte[] {1, 2, 3});

        assertThat(store.latestValid().orElseThrow().step()).isEqualTo(10);
        assertThat(dirs()).containsExactly("step-000010");
        assertThat(store.problems()).isEmpty();
    }

    @Test
    void keepsTheLastNAndTheBestK() throws Exception {
        CheckpointStore store = store(2, 1);
        double[] accuracy = {0.9, 0.1, 0.2, 0.3, 0.4};
        for (int i = 0; i < accuracy.length; i++) {
            store.save(i + 1, content(), Map.of("eval/accuracy", accuracy[i]));
        }
        assertThat(dirs()).containsExactly("step-000001", "step-000004", "step-000005");
    }

    @Test
    void fromConfigRanksByBestMetricWithLossesLowerIsBetter() throws Exception {
        CheckpointStore store = CheckpointStore.fromConfig(
                dev.lorakit.train.CheckpointConfig.of(5, 1, 1, "eval/loss", false),
                tmp.resolve("checkpoints"),
                new MainMetric("eval/accuracy", true));
        double[] loss = {0.2, 0.9, 0.5};
        for (int i = 0; i < loss.length; i++) {
            store.save(i + 1, content(), Map.of("eval/loss", loss[i]));
        }
        assertThat(dirs()).containsExactly("step-000001", "step-000003");
    }

    @Test
    void savingAStepAgainReplacesIt() throws Exception {
        CheckpointStore store = store(2, 0);
        counter.value = 1;
        store.save(10, content(), Map.of());
        counter.value = 2;
        store.save(10, content(), Map.of());
        counter.value = 0;
        store.restore(store.latestValid().orElseThrow(), content(), manager);
        assertThat(counter.value).isEqualTo(2);
        assertThat(dirs()).containsExactly("step-000010");
    }

    @Test
    void adapterOnlyCheckpointCannotRestoreAWholeModel() throws Exception {
        CheckpointStore store = store(2, 0);
        store.save(1, new CheckpointContent(params, Map.of(), null, true), Map.of());
        Checkpoint c = store.latestValid().orElseThrow();
        assertThatThrownBy(() -> store.restore(c, content(), manager))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("adapter_only");
    }

    @Test
    void missingStatePartIsAnError() throws Exception {
        CheckpointStore store = store(2, 0);
        store.save(1, new CheckpointContent(params, Map.of(), null, false), Map.of());
        Checkpoint c = store.latestValid().orElseThrow();
        assertThatThrownBy(() -> store.restore(c, content(), manager))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no state part 'counter'");
    }
}
