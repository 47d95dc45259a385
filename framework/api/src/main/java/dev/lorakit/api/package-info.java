/**
 * What plugin authors compile against: {@link dev.lorakit.api.TaskPlugin}, the task types the
 * shared trainer runs ({@link dev.lorakit.api.SupervisedTask}, {@link
 * dev.lorakit.api.ReinforcementTask}), the shared {@link dev.lorakit.api.Learner} step and the
 * run's {@link dev.lorakit.api.ExperimentContext}. Small and semantically versioned: the
 * {@code requires} range of a plugin descriptor is checked against this module's version.
 */
package dev.lorakit.api;
