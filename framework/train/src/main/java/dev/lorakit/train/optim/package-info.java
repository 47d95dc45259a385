/**
 * Optimizers with exactly saveable state (AdamW and SGD with momentum, as torch's) and
 * learning-rate schedules with warm-up (as transformers'), with their typed config sections.
 */
package dev.lorakit.train.optim;
