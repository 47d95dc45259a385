package dev.lorakit.host.compare;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

/**
 * The highest GPU memory in use while a run trains, sampled through DJL's {@link
 * CudaUtils#getGpuMemory(Device)} (CUDA's free/total figures: the whole device, other processes
 * included; DJL 0.36 exposes no per-process allocator peak). On a CPU device it measures nothing.
 * Untested on these CPU-only machines.
 *
 * <pre>{@code
 * try (DeviceMemorySampler gpu = DeviceMemorySampler.start(device)) {
 *     runner.run();
 *     Long peak = gpu.peakBytes();   // null on CPU
 * }
 * }</pre>
 */
public final class DeviceMemorySampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 50;

    private final Device device;
    private final Thread thread;
    private volatile long peak = -1;
    private volatile boolean running = true;

    private DeviceMemorySampler(Device device) {
        this.device = device;
        if (device.isGpu()) {
            thread = new Thread(this::sample, "lorakit-gpu-memory");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /**
     * Starts sampling.
     *
     * @param device the training device
     * @return the running sampler; close it when the run ends
     */
    public static DeviceMemorySampler start(Device device) {
        return new DeviceMemorySampler(device);
    }

    private void sample() {
        while (running) {
            peak = Math.max(peak, CudaUtils.getGpuMemory(device).getUsed());
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The highest device memory in use seen so far.
     *
     * @return bytes, or null on a CPU device or before the first sample
     */
    public Long peakBytes() {
        if (thread == null) {
            return null;
        }
        peak = Math.max(peak, CudaUtils.getGpuMemory(device).getUsed());
        return peak;
    }

    /**
     * How {@link #peakBytes} is measured, for {@code resources.json}.
     *
     * @return a one-line description
     */
    public String source() {
        return thread == null
                ? "none: training device " + device + " is not a GPU"
                : "CudaUtils.getGpuMemory(" + device + ").getUsed() sampled every " + PERIOD_MILLIS
                        + " ms (whole device)";
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
