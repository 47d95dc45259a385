package dev.lorakit.api;

import ai.djl.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Every random source of a run, derived from the run seed. Components get their own streams
 * from (seed, name), so adding a component does not shift the others (as Tribuo splits its
 * RNGs). Mixing is SplittableRandom's (Stafford variant 13 of the MurmurHash3 finalizer).
 *
 * <p>The engine's RNG (dropout masks, random initialisation) cannot be saved or restored
 * through DJL. For an exact resume the run reseeds the engine from {@link #engineSeed(long,
 * long)} of (run seed, step) right after writing a checkpoint and right after restoring one, so
 * the uninterrupted and the resumed run draw the same masks from that step on.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {}

    /**
     * A 64-bit seed for one component.
     *
     * @param seed the run seed
     * @param component a stable component name, e.g. {@code data-order}
     * @return the derived seed
     */
    public static long derive(long seed, String component) {
        long h = seed;
        for (byte b : component.getBytes(StandardCharsets.UTF_8)) {
            h = mix64(h + GOLDEN_GAMMA + (b & 0xff));
        }
        return mix64(h ^ component.length());
    }

    /**
     * A 64-bit seed for one component and an index (an epoch, a step).
     *
     * @param seed the run seed
     * @param component a stable component name
     * @param index the index
     * @return the derived seed
     */
    public static long derive(long seed, String component, long index) {
        return mix64(derive(seed, component) + GOLDEN_GAMMA * (index + 1));
    }

    /**
     * A new generator for one component; the same (seed, name) gives the same sequence.
     *
     * @param seed the run seed
     * @param component a stable component name
     * @return the generator
     */
    public static Random random(long seed, String component) {
        return new Random(derive(seed, component));
    }

    /**
     * The engine seed for a position in the run: an int, as {@link Engine#setRandomSeed(int)}
     * takes.
     *
     * @param seed the run seed
     * @param position e.g. a checkpoint's step
     * @return the engine seed
     */
    public static int engineSeed(long seed, long position) {
        return (int) (derive(seed, "engine", position) >>> 33);
    }

    /**
     * Seeds the engine (and through it libtorch's generators) for parameter initialisation.
     *
     * @param seed the run seed
     */
    public static void seedEngine(long seed) {
        Engine.getInstance().setRandomSeed((int) (derive(seed, "engine-init") >>> 33));
    }

    /**
     * A seeded permutation of {@code 0..n-1} (Fisher–Yates).
     *
     * @param random the generator
     * @param n the size
     * @return the permutation
     */
    public static int[] permutation(Random random, int n) {
        return ExampleSource.shuffled(random, n);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
