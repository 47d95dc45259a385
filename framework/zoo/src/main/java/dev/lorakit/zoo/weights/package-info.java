/** Checkpoint tensors in Java memory and their strict, name-checked assignment to blocks. */
package dev.lorakit.zoo.weights;
