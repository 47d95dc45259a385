package dev.lorakit.cli;

import picocli.CommandLine.Command;

/** {@code lorakit adapters ...}: look at, convert and merge LoRA adapters. */
@Command(
        name = "adapters",
        mixinStandardHelpOptions = true,
        description = "Inspect, visualise, merge and convert LoRA adapters.",
        subcommands = {AdaptersInspectCommand.class})
public final class AdaptersCommand {}
