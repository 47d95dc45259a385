package dev.lorakit.zoo.vision;

import ai.djl.basicmodelzoo.basic.Mlp;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.lorakit.lora.ModuleTree;
import java.util.Arrays;
import java.util.List;

/**
 * Classifiers from DJL's own basic model zoo ({@code ai.djl:model-zoo}) as lorakit backbones.
 * They keep DJL's structure, so their {@link ModuleTree} paths are zero-based indices, not
 * torchvision names (DJL's zoo has no weights either; they train from random initialisation or
 * from a lorakit run's checkpoint).
 *
 * <p>{@code ResNetV1} on images of at most 28 pixels per side is the CIFAR-style network (3×3
 * stem, three stages of 16, 32 and 64 filters, {@code (numLayers - 2) / 6} basic units per
 * stage). Its paths, for {@code n} units in all:
 * <ul>
 *   <li>{@code 0}: the stem {@code Conv2d};
 *   <li>{@code u.0.0}, {@code u.0.3} for unit {@code u} in {@code 1..n}: the unit's two 3×3
 *       {@code Conv2d}s, with {@code BatchNorm} at {@code u.0.1} and {@code u.0.4};
 *   <li>{@code u.1.0}: the 1×1 projection {@code Conv2d} of the shortcut (first unit of each
 *       stage; {@code BatchNorm} at {@code u.1.1}), {@code u.1} an identity otherwise;
 *   <li>{@code n+1}, {@code n+2}: global average pool and flatten; {@code n+3}: the output {@code
 *       Linear}.
 * </ul>
 * ResNet-8 ({@code n = 3}) thus has convolutions {@code 0, 1.0.0, 1.0.3, 1.1.0, …, 3.1.0} and its
 * {@code Linear} at {@code 6}; ResNet-20 ({@code n = 9}) has its {@code Linear} at {@code 12}.
 *
 * <p>{@code Mlp} flattens its input at {@code 0}, then alternates {@code Linear} and ReLU: its
 * linear layers are {@code 1, 3, 5, …}.
 *
 * <pre>{@code
 * Block resnet = DjlZooBackbones.resNetV1(20, new Shape(1, 28, 28), 10);
 * List<String> targets = DjlZooBackbones.adaptableLayers(resnet); // [0, 1.0.0, 1.0.3, 1.1.0, ...]
 * }</pre>
 */
public final class DjlZooBackbones {

    /** The largest image side for which DJL's {@code ResNetV1} builds its CIFAR-style variant. */
    static final long CIFAR_STYLE_MAX_SIDE = 28;

    private DjlZooBackbones() {}

    /**
     * DJL's {@code ResNetV1} for small images.
     *
     * @param numLayers weighted layers: 6k + 2 with k >= 1 (8, 14, 20, 32, 44, 56, 110)
     * @param imageShape {@code (C, H, W)} with H, W at most 28
     * @param numClasses output units, at least 2
     * @return the network, uninitialised
     * @throws IllegalArgumentException naming the bad value and what is allowed
     */
    public static SequentialBlock resNetV1(int numLayers, Shape imageShape, int numClasses) {
        requireImage(imageShape);
        requireClasses(numClasses);
        if (imageShape.get(1) > CIFAR_STYLE_MAX_SIDE || imageShape.get(2) > CIFAR_STYLE_MAX_SIDE) {
            throw new IllegalArgumentException("ResNetV1 backbones are supported here for images of at most "
                    + CIFAR_STYLE_MAX_SIDE + "x" + CIFAR_STYLE_MAX_SIDE + " (DJL's CIFAR-style variant), got " + imageShape);
        }
        if (numLayers < 8 || numLayers >= 164 || (numLayers - 2) % 6 != 0) {
            throw new IllegalArgumentException(
                    "ResNetV1 num_layers must be 6k + 2 between 8 and 158 (e.g. 8, 14, 20, 32, 56), got " + numLayers);
        }
        return ResNetV1.builder().setNumLayers(numLayers).setImageShape(imageShape).setOutSize(numClasses).build();
    }

    /**
     * DJL's {@code Mlp} over flattened images.
     *
     * @param imageShape {@code (C, H, W)}
     * @param numClasses output units, at least 2
     * @param hidden units of each hidden layer, each positive, at least one layer
     * @return the network, uninitialised
     * @throws IllegalArgumentException naming the bad value
     */
    public static Mlp mlp(Shape imageShape, int numClasses, int... hidden) {
        requireImage(imageShape);
        requireClasses(numClasses);
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
            throw new IllegalArgumentException("Mlp hidden must list one positive size per layer, got " + Arrays.toString(hidden));
        }
        return new Mlp(Math.toIntExact(imageShape.size()), numClasses, hidden.clone());
    }

    /**
     * The paths of every {@code Conv2d} and {@code Linear} in a block: what LoRA can adapt in
     * these backbones, in {@link ModuleTree} order. A {@code lora.target_modules} entry of the form
     * {@code regex:0|1\.0\.0|...} built from it targets them all.
     *
     * @param root the network
     * @return the module paths
     */
    public static List<String> adaptableLayers(Block root) {
        return ModuleTree.namedModules(root).entrySet().stream()
                .filter(e -> e.getValue() instanceof Conv2d || e.getValue() instanceof Linear)
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    private static void requireImage(Shape imageShape) {
        if (imageShape == null || imageShape.dimension() != 3 || imageShape.size() <= 0) {
            throw new IllegalArgumentException("image shape must be (C, H, W) with positive sizes, got " + imageShape);
        }
    }

    private static void requireClasses(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
        }
    }
}
