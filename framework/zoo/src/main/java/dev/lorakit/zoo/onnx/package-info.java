/**
 * Reading ONNX models' weights with protobuf-java (graph, initializers) and the real
 * all-MiniLM-L6-v2 shipped in a Maven artifact.
 */
package dev.lorakit.zoo.onnx;
