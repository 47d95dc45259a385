package dev.lorakit.env.classic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import dev.lorakit.env.Wrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One trajectory recorded from Gymnasium by {@code src/test/python/record_golden.py}. */
record GoldenTrajectory(String name, JsonNode json) {

    static final List<String> NAMES = List.of(
            "CartPole-v1_seed0", "CartPole-v1_seed1", "CartPole-v1_seed42", "CartPole-v1_variant_seed7",
            "Acrobot-v1_seed0", "Acrobot-v1_seed1", "Acrobot-v1_seed42", "Acrobot-v1_seed2", "Acrobot-v1_seed3",
            "Acrobot-v1_seed4", "Acrobot-v1_seed5", "Acrobot-v1_seed6", "Acrobot-v1_long_seed8",
            "MountainCar-v0_seed0", "MountainCar-v0_seed1", "MountainCar-v0_seed42",
            "Pendulum-v1_seed0", "Pendulum-v1_seed1", "Pendulum-v1_seed42", "Pendulum-v1_seed2", "Pendulum-v1_seed3",
            "Pendulum-v1_seed4", "Pendulum-v1_seed5", "Pendulum-v1_seed6", "Pendulum-v1_long_seed8");

    static GoldenTrajectory load(String name) {
        try (InputStream in = GoldenTrajectory.class.getResourceAsStream("/golden/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("Missing golden file /golden/" + name + ".json; run src/test/python/record_golden.py");
            }
            return new GoldenTrajectory(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String id() {
        return json.get("id").asText();
    }

    long seed() {
        return json.get("seed").asLong();
    }

    Environment make() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        json.get("overrides").fields().forEachRemaining(e -> overrides.put(e.getKey(),
                e.getValue().isNumber() ? (Object) e.getValue().doubleValue() : e.getValue().asText()));
        return Environments.make(id(), overrides);
    }

    int steps() {
        return json.get("actions").size();
    }

    /** Steps {@code env} with the recorded action {@code i}. */
    dev.lorakit.env.StepResult step(Environment env, int i) {
        JsonNode a = json.get("actions").get(i);
        return a.isArray() ? env.step(new float[] {(float) a.get(0).doubleValue()}) : env.step(a.asInt());
    }

    float[] resetObservation() {
        return floats(json.get("reset_obs"));
    }

    double[] resetState() {
        return doubles(json.get("reset_state"));
    }

    float[] observation(int i) {
        return floats(json.get("obs").get(i));
    }

    double[] state(int i) {
        return doubles(json.get("state").get(i));
    }

    double reward(int i) {
        return json.get("rewards").get(i).doubleValue();
    }

    boolean terminated(int i) {
        return json.get("terminated").get(i).asBoolean();
    }

    boolean truncated(int i) {
        return json.get("truncated").get(i).asBoolean();
    }

    static double[] stateOf(Environment env) {
        Environment e = env instanceof Wrapper w ? w.unwrapped() : env;
        if (e instanceof CartPole c) {
            return c.state();
        }
        if (e instanceof Acrobot a) {
            return a.state();
        }
        if (e instanceof MountainCar m) {
            return m.state();
        }
        return ((Pendulum) e).state();
    }

    private static float[] floats(JsonNode n) {
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).doubleValue();
        }
        return out;
    }

    private static double[] doubles(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).doubleValue();
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
