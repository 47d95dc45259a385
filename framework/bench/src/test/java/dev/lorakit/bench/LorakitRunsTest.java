package dev.lorakit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LorakitRunsTest {

    @TempDir Path tmp;

    private Path run(String name, String summary) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        if (summary != null) {
            Files.writeString(dir.resolve("summary.json"), summary);
        }
        return dir;
    }

    @Test
    void anInterruptedRunIsNotTakenAsFinished() throws Exception {
        Path stopped = run("stopped", "{\"status\": \"interrupted\", \"interrupted_by\": \"SIGINT\", \"final_metrics\": {}}");
        assertThat(LorakitRuns.interrupted(stopped)).isTrue();
        assertThat(LorakitRuns.finished(stopped)).isFalse();
        assertThatThrownBy(() -> LorakitRuns.summary(stopped)).hasMessageContaining("interrupted");

        Path done = run("done", "{\"status\": \"finished\", \"final_metrics\": {\"test/accuracy\": 0.9}}");
        assertThat(LorakitRuns.finished(done)).isTrue();
        assertThat(LorakitRuns.metric(LorakitRuns.summary(done), "test/accuracy")).isEqualTo(0.9);
        // Summaries written before runs could be interrupted have no status: all finished.
        assertThat(LorakitRuns.finished(run("old", "{\"final_metrics\": {}}"))).isTrue();
        Path none = run("none", null);
        assertThat(LorakitRuns.finished(none)).isFalse();
        assertThat(LorakitRuns.interrupted(none)).isFalse();
    }
}
