package dev.lorakit.env.gym;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lorakit.env.CheckedEnvironment;
import dev.lorakit.env.ResetResult;
import dev.lorakit.env.StepResult;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python Gymnasium environment ({@code gymnasium.make(id, **kwargs)}, Box/Discrete/
 * MultiDiscrete spaces) behind the Java {@link dev.lorakit.env.Environment} interface. Actions
 * are checked in Java before they cross the bridge; Gymnasium applies its own wrappers (time
 * limit included), so {@code truncated} comes from Python.
 *
 * <pre>{@code
 * try (GymnasiumEnvironment env = GymnasiumEnvironment.builder().setId("Acrobot-v1").build()) {
 *     float[] obs = env.reset(0).observation();
 *     StepResult r = env.step(1);
 * }
 * // or through the registry: Environments.make("gymnasium:Acrobot-v1 {max_episode_steps: 100}")
 * }</pre>
 */
public final class GymnasiumEnvironment extends CheckedEnvironment {
    private final Transport transport;
    private final JsonNode meta;
    private final Duration timeout;

    private GymnasiumEnvironment(String id, Transport transport, JsonNode meta, Duration timeout) {
        super("gymnasium:" + id, Protocol.space(meta.get("observation_space")), Protocol.space(meta.get("action_space")));
        this.transport = transport;
        this.meta = meta;
        this.timeout = timeout;
    }

    /**
     * A builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What Python reported at make: spaces, {@code max_episode_steps}, {@code reward_threshold}
     * and the Gymnasium, numpy and Python versions.
     *
     * @return the metadata
     */
    public JsonNode metadata() {
        return meta;
    }

    /**
     * How requests reach Python.
     *
     * @return the transport's description
     */
    public String transportDescription() {
        return transport.describe();
    }

    private java.nio.ByteBuffer call(byte[] request, String what) {
        return Protocol.body(transport.exchange(request, timeout), id() + " " + what);
    }

    @Override
    protected ResetResult doReset(Long seed) {
        return Protocol.resetResult(call(Protocol.reset(seed), "reset"));
    }

    @Override
    protected StepResult doStep(int action) {
        return Protocol.stepResult(call(Protocol.step(action), "step(" + action + ")"));
    }

    @Override
    protected StepResult doStep(float[] action) {
        return Protocol.stepResult(call(Protocol.step(action), "step"));
    }

    @Override
    protected StepResult doStep(int[] action) {
        return Protocol.stepResult(call(Protocol.step(action), "step"));
    }

    /**
     * Gymnasium's {@code render()}; the environment must be made with {@code render_mode:
     * rgb_array}.
     *
     * @return the frame
     */
    @Override
    public BufferedImage render() {
        ensureOpen();
        return Protocol.image(call(Protocol.simple(Protocol.OP_RENDER), "render"));
    }

    @Override
    public void close() {
        super.close();
        transport.close();
    }

    /** Which transport to use. */
    public enum TransportKind {
        /** Jep when {@code libjep} loads, otherwise the subprocess. */
        AUTO,
        /** In-process through Jep; fails when Jep is unavailable. */
        JEP,
        /** A {@code python3} subprocess. */
        SUBPROCESS
    }

    /** Builds a {@link GymnasiumEnvironment}: {@code setId} is required. */
    public static final class Builder {
        private String id;
        private Map<String, Object> kwargs = Map.of();
        private String python = defaultPython();
        private TransportKind transport = defaultTransport();
        private Duration timeout = Duration.ofSeconds(60);
        private Duration startupTimeout = Duration.ofSeconds(120);
        private Map<String, String> environment = Map.of();

        private Builder() {}

        private static String defaultPython() {
            String p = System.getProperty("lorakit.python");
            if (p == null || p.isBlank()) {
                p = System.getenv("LORAKIT_PYTHON");
            }
            return p == null || p.isBlank() ? "python3" : p;
        }

        private static TransportKind defaultTransport() {
            String t = System.getProperty("lorakit.gym.transport", "auto");
            try {
                return TransportKind.valueOf(t.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-Dlorakit.gym.transport=" + t + " is not one of auto, jep, subprocess", e);
            }
        }

        /**
         * The Gymnasium id, e.g. {@code Acrobot-v1} or {@code module:Env-v0}.
         *
         * @param id the id
         * @return this builder
         */
        public Builder setId(String id) {
            this.id = id;
            return this;
        }

        /**
         * Keyword arguments for {@code gymnasium.make}.
         *
         * @param kwargs JSON-compatible values
         * @return this builder
         */
        public Builder optKwargs(Map<String, Object> kwargs) {
            this.kwargs = new LinkedHashMap<>(kwargs);
            return this;
        }

        /**
         * The Python executable; default {@code -Dlorakit.python}, {@code $LORAKIT_PYTHON} or
         * {@code python3}.
         *
         * @param python the executable
         * @return this builder
         */
        public Builder optPython(String python) {
            this.python = python;
            return this;
        }

        /**
         * The transport; default {@code -Dlorakit.gym.transport} or {@link TransportKind#AUTO}.
         *
         * @param transport the kind
         * @return this builder
         */
        public Builder optTransport(TransportKind transport) {
            this.transport = transport;
            return this;
        }

        /**
         * The longest wait for any one answer from Python (default 60 s).
         *
         * @param timeout the time-out
         * @return this builder
         */
        public Builder optTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * The longest wait for Python to start and make the environment (default 120 s; imports
         * can be slow on a loaded machine).
         *
         * @param startupTimeout the time-out
         * @return this builder
         */
        public Builder optStartupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * Extra environment variables for the Python subprocess, e.g. {@code PYTHONPATH}.
         *
         * @param environment name to value
         * @return this builder
         */
        public Builder optEnvironment(Map<String, String> environment) {
            this.environment = new HashMap<>(environment);
            return this;
        }

        /**
         * Starts Python, makes the environment and reads its spaces.
         *
         * @return the environment
         * @throws PythonBridgeException naming what is missing (Python, Gymnasium, the id)
         */
        public GymnasiumEnvironment build() {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("GymnasiumEnvironment.builder(): setId(...) is required");
            }
            for (Duration d : new Duration[] {timeout, startupTimeout}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("time-outs must be positive, got " + d);
                }
            }
            Transport t = open();
            try {
                byte[] response = t.exchange(Protocol.make(id, kwargs), startupTimeout);
                if (response.length > 0 && response[0] == Protocol.ERROR) {
                    throw makeError(response);
                }
                JsonNode meta = Protocol.json(new String(response, 1, response.length - 1, StandardCharsets.UTF_8));
                return new GymnasiumEnvironment(id, t, meta, timeout);
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
        }

        private Transport open() {
            switch (transport) {
                case JEP:
                    return new JepTransport(python, startupTimeout);
                case SUBPROCESS:
                    return new SubprocessTransport(python, environment, startupTimeout);
                default:
                    return JepTransport.unavailableReason(python).isEmpty() && environment.isEmpty()
                            ? new JepTransport(python, startupTimeout)
                            : new SubprocessTransport(python, environment, startupTimeout);
            }
        }

        private PythonBridgeException makeError(byte[] response) {
            try {
                Protocol.body(response, "gymnasium.make(\"" + id + "\")");
                throw new IllegalStateException("unreachable");
            } catch (PythonBridgeException e) {
                String type = e.pythonType() == null ? "" : e.pythonType();
                String hint;
                if (type.endsWith("ModuleNotFoundError") && e.getMessage().contains("'gymnasium'")) {
                    hint = "gymnasium is not installed for " + python + ": run `" + python + " -m pip install gymnasium`";
                } else if (type.startsWith("gymnasium.error")) {
                    hint = "Gymnasium cannot make \"" + id + "\"";
                } else {
                    hint = "gymnasium.make(\"" + id + "\", " + kwargs + ") failed";
                }
                return new PythonBridgeException(hint + " [" + python + "]: " + e.getMessage(), e.pythonType(),
                        e.pythonTraceback(), null);
            }
        }
    }
}
