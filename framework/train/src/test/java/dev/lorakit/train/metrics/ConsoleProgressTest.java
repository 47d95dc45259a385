package dev.lorakit.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void theLineShowsTaskStepBudgetEtaThroughputAndLoss() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ConsoleProgress progress = new ConsoleProgress("spirals", lines::add)) {
            progress.onProgress(0, 300, null);
            progress.onMetrics(10, Map.of("train/loss", 0.31274, "train/lr", 0.01));
            progress.onProgress(135, 300, null);
        }
        // The bar renders on its own thread; close() renders the final state, so no timing matters.
        assertThat(lines).isNotEmpty();
        String last = lines.get(lines.size() - 1);
        assertThat(last).startsWith("spirals").contains("45%", "135/300 steps", " steps/s loss 0.3127");
        // Elapsed and ETA, as h:mm:ss each.
        assertThat(last).containsPattern("\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\)");
    }

    @Test
    void aStatusMessageIsShownWithTheLoss() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ConsoleProgress progress = new ConsoleProgress("cartpole", lines::add)) {
            progress.onMetrics(5, Map.of("train/loss", 1.5));
            progress.onProgress(5, 10, "episode 3 return 41.0");
        }
        assertThat(lines.get(lines.size() - 1)).contains("5/10 steps", "loss 1.5000 | episode 3 return 41.0");
    }

    @Test
    void aDisabledBarWritesNothing() {
        assertThat(stderrOf(new ConsoleProgress("off", false))).isEmpty();
    }

    @Test
    void withoutATerminalTheDefaultBarIsQuiet() {
        Assumptions.assumeTrue(System.console() == null, "this JVM has a console; the quiet path needs none");
        assertThat(stderrOf(new ConsoleProgress("no-terminal"))).isEmpty();
    }

    private static String stderrOf(ConsoleProgress progress) {
        PrintStream saved = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(stream);
        System.setOut(stream);
        try {
            progress.onProgress(0, 10, "starting");
            progress.onMetrics(5, Map.of("train/loss", 0.5));
            progress.onProgress(10, 10, null);
            progress.close();
        } finally {
            System.setErr(saved);
            System.setOut(savedOut);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
