package dev.lorakit.host.plugin;

/**
 * Why one plugin source was refused; the other plugins still load.
 *
 * @param source the jar path, or the classpath location of the descriptor
 * @param reason what is wrong, in one sentence
 */
public record PluginLoadError(String source, String reason) {

    /**
     * One line for the console: {@code plugin jar /x/y.jar refused: reason}.
     *
     * @return the message
     */
    public String message() {
        return "plugin " + source + " refused: " + reason;
    }
}
