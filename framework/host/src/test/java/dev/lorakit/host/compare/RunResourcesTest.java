package dev.lorakit.host.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResourcesTest {

    @TempDir Path tmp;

    @Test
    void parsesTheHighWaterMarkOfProcStatus() {
        assertThat(RunResources.parseVmHwm("Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100 kB\n"))
                .hasValue(123456L * 1024);
        assertThat(RunResources.parseVmHwm("Name:\tjava\n")).isEmpty();
        assertThatThrownBy(() -> RunResources.parseVmHwm("VmHWM:\t12 MB\n")).hasMessageContaining("VmHWM:\t12 MB");
    }

    @Test
    void measuresThisProcessOnLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc");
        byte[] touched = new byte[64 << 20];
        java.util.Arrays.fill(touched, (byte) 1);
        // The peak includes at least the 64 MiB just written.
        assertThat(RunResources.currentPeakRss()).hasValueSatisfying(b -> assertThat(b).isGreaterThan(64L << 20));
        assertThat(touched[touched.length - 1]).isEqualTo((byte) 1);
    }

    @Test
    void aResumedRunKeepsTheHigherPeakOfItsJvms() {
        RunResources earlier = new RunResources(900L, "VmHWM", "cpu()", null, "none: cpu");
        RunResources later = new RunResources(700L, "VmHWM", "cpu()", null, "none: cpu");
        RunResources both = later.highestWith(earlier);
        assertThat(both.peakRssBytes()).isEqualTo(900L);
        assertThat(both.peakRssSource()).isEqualTo("VmHWM (highest of the JVMs that ran this resumed run)");
        assertThat(both.devicePeakBytes()).isNull();
        assertThat(both.devicePeakSource()).isEqualTo("none: cpu");
        assertThat(new RunResources(1000L, "VmHWM", "gpu(0)", 5L, "sampled").highestWith(both).peakRssBytes())
                .isEqualTo(1000L);
    }

    @Test
    void roundTripsThroughResourcesJson() throws Exception {
        RunResources r = new RunResources(1234L, "VmHWM", "cpu()", null, "none: cpu");
        r.write(tmp);
        assertThat(Files.readString(tmp.resolve("resources.json"))).contains("\"peak_rss_bytes\" : 1234");
        assertThat(RunResources.read(tmp)).isEqualTo(r);
        assertThatThrownBy(() -> RunResources.read(tmp.resolve("nope"))).hasMessageContaining("resources.json is missing");
    }
}
