package dev.lorakit.env;

import java.util.Map;

/**
 * Test fixture: a walk on the integers 0..goal starting at a random point in [0, 3); action 1
 * moves right, 0 left; reaching the goal terminates with reward 1, every other step costs 0.1.
 */
final class LineWalk extends AbstractEnvironment {
    private final int goal;
    private int position;

    LineWalk(int goal) {
        super("LineWalk-v0", Box.uniform(0, goal, 1), new Discrete(2));
        this.goal = goal;
    }

    static EnvSpec spec() {
        return new EnvSpec("LineWalk-v0", Map.of("goal", 5, "label", "walk"), 20, 1.0, c -> new LineWalk(c.getInt("goal")));
    }

    @Override
    protected ResetResult resetState(NumpyRandom rng) {
        position = (int) rng.uniform(0, 3);
        return new ResetResult(new float[] {position}, Map.of());
    }

    @Override
    protected StepResult doStep(int action) {
        position = Math.max(0, position + (action == 1 ? 1 : -1));
        boolean terminated = position >= goal;
        return new StepResult(new float[] {position}, terminated ? 1.0 : -0.1, terminated, false, Map.of());
    }
}
