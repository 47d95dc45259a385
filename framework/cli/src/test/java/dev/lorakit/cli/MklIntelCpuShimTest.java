package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code framework/native/mkl_intel_cpu.c}, which {@code framework/engine-env.sh} preloads on AMD
 * CPUs: the dynamic linker must bind libtorch's call to MKL's vendor test to it (otherwise MKL
 * silently keeps its generic kernels), and the products MKL then computes must equal the generic
 * kernels' up to float rounding.
 */
class MklIntelCpuShimTest {

    private static boolean amdLinux() throws IOException {
        return System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")
                && Files.readString(Path.of("/proc/cpuinfo")).contains("AuthenticAMD");
    }

    /** LD_PRELOAD as engine-env.sh exports it on this machine (building the library), "" without it. */
    private static String preload() throws IOException, InterruptedException {
        return EngineEnvScript.exported(Map.of()).get("LD_PRELOAD");
    }

    private static float[] product(Path dir, String name, Map<String, String> env) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".bin");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                MatmulProbe.class.getName(), out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().remove("LD_PRELOAD");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve(name + ".log"))).isZero();
        float[] v = new float[2048 * 384];
        try (DataInputStream in = new DataInputStream(Files.newInputStream(out))) {
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readFloat();
            }
        }
        return v;
    }

    @Test
    void libtorchBindsMklsVendorTestToTheShimAndTheProductsAgree(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(amdLinux(), "MKL's vendor test matters on AMD x86-64 Linux only");
        String lib = preload();
        Assumptions.assumeFalse(lib.isEmpty(), "no C compiler to build framework/native/mkl_intel_cpu.c");
        assertThat(Path.of(lib)).exists().endsWith(Path.of("libmkl_intel_cpu.so"));

        float[] generic = product(dir, "generic", Map.of());
        float[] intel = product(dir, "intel", Map.of("LD_PRELOAD", lib, "LD_DEBUG", "bindings",
                "LD_DEBUG_OUTPUT", dir.resolve("ld").toString()));

        List<String> bindings;
        try (Stream<Path> files = Files.list(dir)) {
            bindings = files.filter(f -> f.getFileName().toString().startsWith("ld."))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(l -> l.contains("`mkl_serv_intel_cpu_true'"))
                    .toList();
        }
        assertThat(bindings).as("dynamic linker bindings of mkl_serv_intel_cpu_true")
                .anyMatch(l -> l.contains("libtorch_cpu.so") && l.contains("libmkl_intel_cpu.so"));

        double worst = 0;
        for (int i = 0; i < generic.length; i++) {
            worst = Math.max(worst, Math.abs(generic[i] - intel[i]) / (1 + Math.abs(generic[i])));
        }
        // Sums of 384 products in another order: float rounding, nothing more.
        assertThat(worst).isLessThan(1e-5);
    }
}
