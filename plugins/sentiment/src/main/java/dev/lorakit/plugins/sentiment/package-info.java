/** Sentiment classification (binary or fine-grained) on MiniLM or RoBERTa with LoRA on query/value. */
package dev.lorakit.plugins.sentiment;
