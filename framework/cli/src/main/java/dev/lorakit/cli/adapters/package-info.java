/** The {@code lorakit adapters} subcommands that read tensor data: svd-compare, visualize, merge and the layer statistics of inspect. */
package dev.lorakit.cli.adapters;
