package dev.lorakit.env;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * numpy's default generator, bit for bit: {@code np.random.Generator(np.random.PCG64(
 * np.random.SeedSequence(seed)))}, which is what Gymnasium's {@code seeding.np_random(seed)}
 * builds. {@link #nextLong()}, {@link #nextDouble()} and {@link #uniform(double, double)} return
 * exactly what numpy's {@code bit_generator.random_raw()}, {@code random()} and {@code
 * uniform(low, high)} return for the same seed; other {@link RandomGenerator} methods (such as
 * {@code nextInt(bound)}) are Java's algorithms over this stream, not numpy's.
 *
 * <pre>{@code
 * NumpyRandom rng = new NumpyRandom(42);
 * double x = rng.uniform(-0.05, 0.05);   // == np.random.default_rng(42).uniform(-0.05, 0.05)
 * }</pre>
 */
public final class NumpyRandom implements RandomGenerator {
    // SeedSequence constants (numpy/random/bit_generator.pyx).
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int POOL_SIZE = 4;
    // PCG_DEFAULT_MULTIPLIER_128.
    private static final long MULT_HI = 0x2360ED051FC65DA4L;
    private static final long MULT_LO = 0x4385DF649FCCF645L;

    private final long seed;
    private long stateHi;
    private long stateLo;
    private long incHi;
    private long incLo;

    /**
     * Seeds as {@code SeedSequence(seed)} then {@code PCG64}.
     *
     * @param seed a non-negative seed, as numpy requires
     */
    public NumpyRandom(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("Seed must be non-negative (numpy's SeedSequence rejects negative entropy), got " + seed);
        }
        this.seed = seed;
        int[] words = (seed >>> 32) == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        long[] state = generateState(mixEntropy(words), 4);
        setSeed(state[0], state[1], state[2], state[3]);
    }

    /**
     * A generator seeded from system entropy, as Gymnasium does when reset without a seed.
     *
     * @return the generator
     */
    public static NumpyRandom fromEntropy() {
        return new NumpyRandom(new SecureRandom().nextLong() >>> 1);
    }

    /**
     * The seed this generator was created with.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= MULT_A;
        value *= hashConst[0];
        value ^= value >>> 16;
        return value;
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        return result ^ (result >>> 16);
    }

    private static int[] mixEntropy(int[] entropy) {
        int[] pool = new int[POOL_SIZE];
        int[] hashConst = {INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], hashConst));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hashmix(entropy[src], hashConst));
            }
        }
        return pool;
    }

    private static long[] generateState(int[] pool, int nWords64) {
        int hashConst = INIT_B;
        int[] words = new int[nWords64 * 2];
        for (int i = 0; i < words.length; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= hashConst;
            hashConst *= MULT_B;
            v *= hashConst;
            v ^= v >>> 16;
            words[i] = v;
        }
        long[] out = new long[nWords64];
        for (int i = 0; i < nWords64; i++) {
            out[i] = (words[2 * i] & 0xFFFFFFFFL) | ((long) words[2 * i + 1] << 32);
        }
        return out;
    }

    // pcg64_set_seed: the 128-bit seed and increment are (hi, lo) word pairs.
    private void setSeed(long seedHi, long seedLo, long seqHi, long seqLo) {
        incHi = (seqHi << 1) | (seqLo >>> 63);
        incLo = (seqLo << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + seedLo;
        stateHi = stateHi + seedHi + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
        stateLo = lo;
        step();
    }

    private void step() {
        // state = state * MULT + inc (mod 2^128)
        long lo = stateLo * MULT_LO;
        long hi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
        long newLo = lo + incLo;
        hi = hi + incHi + (Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0);
        stateLo = newLo;
        stateHi = hi;
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * The next 64 raw bits (PCG64 XSL-RR output), as numpy's {@code random_raw()}.
     *
     * @return the bits
     */
    @Override
    public long nextLong() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /**
     * A double in [0, 1) as numpy's {@code Generator.random()}: 53 high bits over 2^53.
     *
     * @return the value
     */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * {@code low + (high - low) * random()}, as numpy's {@code Generator.uniform}.
     *
     * @param low lower bound
     * @param high upper bound
     * @return the value
     */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /**
     * Element-wise {@link #uniform(double, double)}, as {@code uniform(low, high, size=n)}.
     *
     * @param low lower bound
     * @param high upper bound
     * @param n number of values
     * @return the values
     */
    public double[] uniform(double low, double high, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = uniform(low, high);
        }
        return out;
    }
}
