package dev.lorakit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A child JVM for {@link MklIntelCpuShimTest}: one fp32 matrix product of MiniLM's projection
 * shape through the engine (MKL sgemm), written to the file named by the first argument.
 */
public final class MatmulProbe {

    private MatmulProbe() {}

    /**
     * Computes the product and writes its floats.
     *
     * @param args the output file
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Random random = new Random(7);
        float[] x = new float[2048 * 384];
        float[] w = new float[384 * 384];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() / 20;
        }
        try (NDManager m = NDManager.newBaseManager();
                DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            NDArray y = m.create(x, new Shape(2048, 384)).matMul(m.create(w, new Shape(384, 384)).transpose());
            for (float v : y.toFloatArray()) {
                out.writeFloat(v);
            }
        }
    }
}
