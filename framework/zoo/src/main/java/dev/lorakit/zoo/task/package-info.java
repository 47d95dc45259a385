/**
 * The sequence-classification task that text plugins share: a backbone with its tokenizer
 * ({@link dev.lorakit.zoo.task.TextBackbone}), labelled texts batched by the tokenizer
 * ({@link dev.lorakit.zoo.task.LabelledTexts}) and the supervised task over a
 * {@link dev.lorakit.zoo.bert.BertClassifier}
 * ({@link dev.lorakit.zoo.task.SequenceClassificationTask}). Plugins are isolated jars, so
 * what two of them share lives here, in the host's class loader.
 */
package dev.lorakit.zoo.task;
