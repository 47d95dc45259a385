/**
 * BERT and RoBERTa encoders built from DJL blocks with Hugging Face parameter paths, their
 * configuration and sentence pooling.
 */
package dev.lorakit.zoo.bert;
