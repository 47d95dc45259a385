/**
 * Config-selected experiments: YAML files bound to {@link dev.lorakit.host.config.ExperimentSpec}
 * with strict keys, {@code --set} overrides and one-line errors naming file and key path.
 */
package dev.lorakit.host.config;
