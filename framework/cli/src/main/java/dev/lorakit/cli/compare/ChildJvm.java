package dev.lorakit.cli.compare;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a Java main class in a new JVM set up like this one: same java binary, JVM options
 * (system properties such as {@code ai.djl.offline} and the bundled plugin jars, heap settings)
 * and class path. The child inherits the environment ({@code DJL_CACHE_DIR}).
 */
final class ChildJvm {

    private ChildJvm() {}

    /**
     * The command line of a child JVM.
     *
     * @param mainClass the class whose {@code main} runs
     * @param args its arguments
     * @return the command
     */
    static List<String> command(Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Runs a child JVM to completion, its output going to a log file. A shutdown hook stops the
     * child when this JVM is interrupted, so no orphan keeps training.
     *
     * @param mainClass the class whose {@code main} runs
     * @param args its arguments
     * @param log where the child's stdout and stderr go
     * @return the child's exit code
     * @throws IOException when the child cannot start
     * @throws InterruptedException when interrupted while waiting (the child is stopped)
     */
    static int run(Class<?> mainClass, List<String> args, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(mainClass, args))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread stopper = new Thread(p::destroy, "lorakit-compare-stop-child");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return p.waitFor();
        } finally {
            if (p.isAlive()) {
                p.destroy();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already: it stops the child.
            }
        }
    }
}
