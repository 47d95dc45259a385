/** Tokenization with Hugging Face tokenizer.json files: padding, truncation, batching by length. */
package dev.lorakit.zoo.text;
