package dev.lorakit.cli.adapters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared error handling of the adapters subcommands: one line naming the command and the problem, exit code 1. */
abstract class AdapterCommandBase implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            run(out);
            out.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            out.flush();
            spec.commandLine().getErr().println("lorakit adapters " + spec.name() + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    abstract void run(PrintWriter out) throws IOException;
}
