package dev.lorakit.env.gym;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lorakit.env.Box;
import dev.lorakit.env.DType;
import dev.lorakit.env.Discrete;
import dev.lorakit.env.MultiDiscrete;
import dev.lorakit.env.ResetResult;
import dev.lorakit.env.Space;
import dev.lorakit.env.StepResult;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes requests for and decodes responses from {@code lorakit_gym_bridge.py}: big-endian,
 * opcode first; responses start with {@link #OK} or {@link #ERROR} (then JSON with type,
 * message and traceback). Must agree with the Python module's constants.
 */
final class Protocol {
    static final int VERSION = 1;
    static final byte[] MAGIC = {'L', 'K', 'G', 'B'};
    static final byte OP_MAKE = 1;
    static final byte OP_RESET = 2;
    static final byte OP_STEP_DISCRETE = 3;
    static final byte OP_STEP_BOX = 4;
    static final byte OP_STEP_MULTI = 5;
    static final byte OP_RENDER = 6;
    static final byte OP_CLOSE = 7;
    static final byte OK = 0;
    static final byte ERROR = 1;

    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Protocol() {}

    static byte[] make(String id, Map<String, Object> kwargs) {
        try {
            byte[] json = JSON.writeValueAsBytes(Map.of("id", id, "kwargs", kwargs));
            return ByteBuffer.allocate(1 + json.length).put(OP_MAKE).put(json).array();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Keyword arguments for " + id + " cannot be sent to Python: " + kwargs, e);
        }
    }

    static byte[] reset(Long seed) {
        return ByteBuffer.allocate(10).put(OP_RESET).put((byte) (seed == null ? 0 : 1)).putLong(seed == null ? 0 : seed).array();
    }

    static byte[] step(int action) {
        return ByteBuffer.allocate(9).put(OP_STEP_DISCRETE).putLong(action).array();
    }

    static byte[] step(float[] action) {
        ByteBuffer b = ByteBuffer.allocate(5 + 4 * action.length).put(OP_STEP_BOX).putInt(action.length);
        for (float v : action) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] step(int[] action) {
        ByteBuffer b = ByteBuffer.allocate(5 + 8 * action.length).put(OP_STEP_MULTI).putInt(action.length);
        for (int v : action) {
            b.putLong(v);
        }
        return b.array();
    }

    static byte[] simple(byte op) {
        return new byte[] {op};
    }

    /** Returns the body after the OK byte, or throws the Python error. */
    static ByteBuffer body(byte[] response, String context) {
        if (response.length == 0) {
            throw new PythonBridgeException(context + ": empty response from the Python bridge", null, null, null);
        }
        if (response[0] == OK) {
            return ByteBuffer.wrap(response, 1, response.length - 1).slice();
        }
        if (response[0] == ERROR) {
            JsonNode err = json(new String(response, 1, response.length - 1, StandardCharsets.UTF_8));
            String type = err.path("type").asText();
            String message = err.path("message").asText();
            String traceback = err.path("traceback").asText();
            throw new PythonBridgeException(context + ": Python raised " + type + ": " + message + "\n" + traceback,
                    type, traceback, null);
        }
        throw new PythonBridgeException(context + ": malformed response (first byte " + response[0] + ")", null, null, null);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PythonBridgeException("Malformed JSON from the Python bridge: " + text, null, null, e);
        }
    }

    static Space space(JsonNode n) {
        switch (n.path("type").asText()) {
            case "Discrete":
                return new Discrete(n.get("n").asInt(), n.get("start").asInt());
            case "MultiDiscrete": {
                int[] nvec = new int[n.get("nvec").size()];
                for (int i = 0; i < nvec.length; i++) {
                    nvec[i] = n.get("nvec").get(i).asInt();
                }
                return new MultiDiscrete(nvec);
            }
            case "Box": {
                double[] low = doubles(n.get("low"));
                double[] high = doubles(n.get("high"));
                int[] shape = new int[n.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = n.get("shape").get(i).asInt();
                }
                return new Box(low, high, shape, DType.fromNumpy(n.get("dtype").asText()));
            }
            default:
                throw new PythonBridgeException("Unsupported space from Python: " + n, null, null, null);
        }
    }

    private static double[] doubles(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    private static float[] observation(ByteBuffer b) {
        float[] obs = new float[b.getInt()];
        b.asFloatBuffer().get(obs);
        b.position(b.position() + 4 * obs.length);
        return obs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(ByteBuffer b) {
        int n = b.getInt();
        if (n == 0) {
            return Map.of();
        }
        byte[] raw = new byte[n];
        b.get(raw);
        try {
            return JSON.readValue(raw, Map.class);
        } catch (java.io.IOException e) {
            throw new PythonBridgeException("Malformed info JSON from the Python bridge", null, null, e);
        }
    }

    static ResetResult resetResult(ByteBuffer b) {
        float[] obs = observation(b);
        return new ResetResult(obs, info(b));
    }

    static StepResult stepResult(ByteBuffer b) {
        float[] obs = observation(b);
        double reward = b.getDouble();
        boolean terminated = b.get() != 0;
        boolean truncated = b.get() != 0;
        return new StepResult(obs, reward, terminated, truncated, info(b));
    }

    static BufferedImage image(ByteBuffer b) {
        int h = b.getInt();
        int w = b.getInt();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = b.get() & 0xFF;
                int g = b.get() & 0xFF;
                int bl = b.get() & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        return img;
    }
}
