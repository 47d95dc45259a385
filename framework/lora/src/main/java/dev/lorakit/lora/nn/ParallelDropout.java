package dev.lorakit.lora.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.LongStream;

/**
 * Inverted dropout, as {@code torch.nn.Dropout} and DJL's {@link Dropout}: in training each
 * element is zeroed with probability {@code rate} and the others are scaled by {@code 1 / (1 -
 * rate)}; outside training the input passes through unchanged. A drop-in replacement for DJL's
 * block (no parameters, same output), used by lorakit's encoders.
 *
 * <p>Why not DJL's: on the CPU libtorch draws dropout masks with {@code bernoulli_}, a serial
 * kernel that takes a 64-bit Mersenne-Twister number per element on one thread (libtorch uses
 * MKL's parallel generator on Intel CPUs only). In a MiniLM LoRA step, 20 million mask elements,
 * that was ~130 ms of single-threaded time per step while the other core waited. Here the mask is
 * computed in parallel by Java threads straight into a tensor that libtorch allocated: element
 * {@code i} is kept when a 32-bit uniform number taken from SplitMix64 of the counter {@code i/2}
 * (two numbers per 64-bit output), offset by a per-call seed, is at least {@code rate * 2^32},
 * which is how CUDA's dropout (Philox, counter-based) draws too. The per-call seed is drawn from
 * libtorch's generator, so {@code Engine.setRandomSeed} makes the masks reproducible, and the
 * result does not depend on the number of threads.
 *
 * <p>Arrays not on the CPU (where libtorch's generator is already parallel), not {@code float32} or
 * of 2^31 elements or more use libtorch's own dropout.
 *
 * <pre>{@code
 * ParallelDropout dropout = addChildBlock("dropout", new ParallelDropout(0.1f));
 * NDArray y = ParallelDropout.apply(x, 0.1f, training);   // or as a function
 * }</pre>
 */
public final class ParallelDropout extends AbstractBlock {

    /** Elements per parallel task: large enough that scheduling costs nothing, even count. */
    private static final int CHUNK = 1 << 16;
    /** Below this, one thread. */
    private static final long PARALLEL_MIN = 1L << 17;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TWO_POW_32 = 4294967296.0;

    private final float rate;

    /**
     * A dropout block.
     *
     * @param rate probability of zeroing an element, in {@code [0, 1)}
     * @throws IllegalArgumentException if {@code rate} is outside {@code [0, 1)}
     */
    public ParallelDropout(float rate) {
        this.rate = checkRate(rate);
    }

    /**
     * The dropout rate.
     *
     * @return probability of zeroing an element
     */
    public float rate() {
        return rate;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.singletonOrThrow(), rate, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /**
     * Dropout as a function.
     *
     * @param x the input
     * @param rate probability of zeroing an element, in {@code [0, 1)}
     * @param training whether to drop; when false {@code x} itself is returned
     * @return {@code x} with dropout applied (a new array), or {@code x}
     */
    public static NDArray apply(NDArray x, float rate, boolean training) {
        checkRate(rate);
        if (!training || rate == 0f) {
            return x;
        }
        NDManager manager = x.getManager();
        if (x.getDataType() != DataType.FLOAT32
                || !isCpu(x.getDevice())
                // The mask is allocated on the manager's device, which must be x's.
                || !isCpu(manager.getDevice())
                || x.size() > Integer.MAX_VALUE) {
            return Dropout.dropout(x, rate, true).singletonOrThrow();
        }
        NDArray mask = mask(manager, x.getShape(), rate, seed(manager));
        NDArray out = x.mul(mask);
        // libtorch allocated the mask and keeps it for backward; the Java handle can go now.
        mask.close();
        return out;
    }

    /**
     * The scaled keep-mask for {@code shape}: {@code 1 / (1 - rate)} where an element is kept, 0
     * where it is dropped, a {@code float32} array on the CPU whose memory libtorch owns.
     *
     * @param manager the manager to attach it to, on the CPU ({@link #apply} falls back to the
     *     engine's dropout otherwise: elsewhere the buffer below would be a copy, not the tensor)
     * @param shape its shape
     * @param rate the drop probability
     * @param seed the per-call seed
     * @return the mask
     */
    static NDArray mask(NDManager manager, Shape shape, float rate, long seed) {
        NDArray mask = manager.create(shape, DataType.FLOAT32);
        // A fresh (contiguous) CPU tensor's direct buffer is a view of its memory: fill in place.
        ByteBuffer bytes = mask.toByteBuffer(true);
        if (bytes.isDirect()) {
            fill(bytes.asFloatBuffer(), shape.size(), rate, seed);
            return mask;
        }
        // An engine that only hands out copies: fill one and write it to the tensor.
        ByteBuffer copy = ByteBuffer.allocateDirect(Math.toIntExact(shape.size() * 4)).order(ByteOrder.nativeOrder());
        fill(copy.asFloatBuffer(), shape.size(), rate, seed);
        mask.set(copy);
        return mask;
    }

    private static boolean isCpu(Device device) {
        return device.getDeviceType().equals(Device.Type.CPU);
    }

    /** One 64-bit number from libtorch's CPU generator, so that the engine's seed governs the masks. */
    private static long seed(NDManager manager) {
        try (NDArray r = manager.randomInteger(0, Long.MAX_VALUE, new Shape(), DataType.INT64)) {
            return r.getLong();
        }
    }

    private static void fill(FloatBuffer out, long n, float rate, long seed) {
        long threshold = (long) Math.ceil(rate * TWO_POW_32);
        float keep = 1f / (float) (1.0 - rate);
        long chunks = (n + CHUNK - 1) / CHUNK;
        LongStream range = LongStream.range(0, chunks);
        (n >= PARALLEL_MIN ? range.parallel() : range).forEach(c -> {
            int from = Math.toIntExact(c * CHUNK);
            int to = (int) Math.min(n, from + (long) CHUNK);
            for (int i = from; i < to; i += 2) {
                long z = mix(seed + ((i >>> 1) + 1L) * GOLDEN_GAMMA);
                out.put(i, (z & 0xFFFFFFFFL) < threshold ? 0f : keep);
                if (i + 1 < to) {
                    out.put(i + 1, (z >>> 32) < threshold ? 0f : keep);
                }
            }
        });
    }

    /** SplitMix64's output function (Steele, Lea, Flood 2014), as in {@link java.util.SplittableRandom}. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static float checkRate(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        return rate;
    }
}
