package dev.lorakit.cli;

import picocli.CommandLine.Command;

/** {@code lorakit adapters ...}: look at, convert and merge LoRA adapters. */
@Command(
        name = "adapters",
        mixinStandardHelpOptions = true,
        description = "Inspect, visualise, merge and convert LoRA adapters.",
        subcommands = {
            AdaptersInspectCommand.class,
            dev.lorakit.cli.adapters.AdaptersSvdCompareCommand.class,
            dev.lorakit.cli.adapters.AdaptersVisualizeCommand.class,
            dev.lorakit.cli.adapters.AdaptersMergeCommand.class,
            dev.lorakit.cli.adapters.AdaptersConvertCommand.class
        })
public final class AdaptersCommand {}
