package dev.lorakit.plugins.styletransfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run without pretrained VGG19 weights says so on the console, in one WARN line naming the key
 * to set, as well as in its report; a run with weights prints nothing. The console is the CLI's
 * (slf4j-simple on standard error, level warn, as {@code ./lorakit} and the tests configure it).
 */
class LossNetworkWarningTest {

    @TempDir Path tmp;

    private String consoleOf(StyleTransferConfig.LossNetwork config) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LossNetworks.writeNote(config, tmp);
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRandomLossNetworkIsAnnouncedInOneWarnLine() throws Exception {
        String console = consoleOf(new StyleTransferConfig.LossNetwork(null, 8, null, null));

        assertThat(console.lines().filter(l -> l.contains("WARN"))).singleElement().satisfies(line -> assertThat(line)
                .contains("style-transfer.loss_network.weights is not set", "vgg19.safetensors", "RANDOM weights"));
        assertThat(Files.readString(tmp.resolve(LossNetworks.NOTE_FILE))).contains("RANDOM weights");
    }

    @Test
    void aPretrainedLossNetworkPrintsNoWarning() throws Exception {
        String console = consoleOf(new StyleTransferConfig.LossNetwork("vgg19.safetensors", 1, null, null));

        assertThat(console).doesNotContain("WARN");
        assertThat(Files.readString(tmp.resolve(LossNetworks.NOTE_FILE))).contains("loaded from vgg19.safetensors");
    }
}
