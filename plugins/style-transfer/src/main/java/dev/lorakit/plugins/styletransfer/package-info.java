/**
 * Neural style transfer on the VGG19 loss network of {@link dev.lorakit.zoo.vision.Vgg19}:
 * {@link dev.lorakit.plugins.styletransfer.StyleLosses} (content, Gram-matrix style and total
 * variation losses) and {@link dev.lorakit.plugins.styletransfer.GatysStyleTransfer}, the
 * optimisation of Gatys et al. that turns a content picture towards a style picture.
 *
 * <p>No ImageNet VGG19 weights are reachable on the machines this project is built on: unless
 * the user loads a torchvision-layout {@code vgg19.safetensors} (see {@link
 * dev.lorakit.zoo.vision.VisionWeights}), the loss network has random weights, and the results
 * are textures of random features, not the paper's pictures. Every result says which it was.
 */
package dev.lorakit.plugins.styletransfer;
