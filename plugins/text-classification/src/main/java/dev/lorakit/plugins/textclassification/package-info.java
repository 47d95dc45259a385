/** Text classification on a BERT backbone with LoRA on query/value (SpamAssassin, sentence polarity, CSV/TSV/JSONL). */
package dev.lorakit.plugins.textclassification;
