package dev.lorakit.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves the {@code trainer.devices} setting: {@code auto} takes every GPU DJL sees, or the
 * CPU when there is none; {@code cpu}; {@code gpu} (all GPUs, an error without one); or a
 * comma-separated list such as {@code gpu:0,gpu:1}.
 */
public final class Devices {

    private Devices() {}

    /**
     * Checks the syntax of a device spec without touching the engine.
     *
     * @param spec the setting
     * @return the spec's parts, lower-cased
     */
    static List<String> parse(String spec) {
        List<String> parts = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String part = raw.trim().toLowerCase(Locale.ROOT);
            boolean ok =
                    part.equals("auto")
                            || part.equals("cpu")
                            || part.equals("gpu")
                            || part.matches("gpu:\\d+");
            if (!ok || (parts.size() > 0 && !part.startsWith("gpu:"))) {
                throw new IllegalArgumentException(
                        "trainer.devices must be auto, cpu, gpu or a list like gpu:0,gpu:1; got '"
                                + spec
                                + "'");
            }
            parts.add(part);
        }
        if (parts.size() > 1 && !parts.get(0).startsWith("gpu:")) {
            throw new IllegalArgumentException(
                    "trainer.devices: only gpu:N entries can be listed together, got '" + spec + "'");
        }
        return parts;
    }

    /**
     * The devices a spec names on this machine.
     *
     * @param spec the {@code trainer.devices} setting
     * @return the devices, the first being where the model lives
     * @throws IllegalArgumentException when the spec names a GPU this machine lacks
     */
    public static Device[] resolve(String spec) {
        List<String> parts = parse(spec);
        int gpus = Engine.getInstance().getGpuCount();
        String first = parts.get(0);
        if (first.equals("auto")) {
            return Engine.getInstance().getDevices();
        }
        if (first.equals("cpu")) {
            return new Device[] {Device.cpu()};
        }
        if (gpus == 0) {
            throw new IllegalArgumentException(
                    "trainer.devices is '" + spec + "' but DJL sees no GPU; use auto or cpu");
        }
        if (first.equals("gpu")) {
            return Engine.getInstance().getDevices(gpus);
        }
        Device[] out = new Device[parts.size()];
        for (int i = 0; i < out.length; i++) {
            int id = Integer.parseInt(parts.get(i).substring(4));
            if (id >= gpus) {
                throw new IllegalArgumentException(
                        "trainer.devices names gpu:" + id + " but DJL sees " + gpus + " GPU(s): gpu:0..gpu:" + (gpus - 1));
            }
            out[i] = Device.gpu(id);
        }
        return out;
    }
}
