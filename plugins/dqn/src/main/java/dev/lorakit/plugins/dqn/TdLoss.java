package dev.lorakit.plugins.dqn;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Locale;
import dev.lorakit.lora.ndarray.ScalarOps;

/** The regression loss between predicted Q-values and TD targets. */
public enum TdLoss {
    /** Squared error, CleanRL's {@code F.mse_loss}. */
    MSE {
        @Override
        NDArray elementwise(NDArray error) {
            return error.square();
        }
    },
    /** Huber with delta 1 ({@code F.smooth_l1_loss}): quadratic near 0, linear beyond 1. */
    HUBER {
        @Override
        NDArray elementwise(NDArray error) {
            NDArray abs = error.abs();
            NDArray quadratic = ScalarOps.minimum(abs, 1);
            return ScalarOps.mul(quadratic.square(), 0.5).add(abs.sub(quadratic));
        }
    };

    abstract NDArray elementwise(NDArray error);

    /**
     * The importance-weighted mean loss.
     *
     * @param predicted {@code (B)} Q-values of the taken actions
     * @param targets {@code (B)} TD targets (no gradient flows into them)
     * @param weights {@code (B)} importance-sampling weights (ones for uniform replay)
     * @return the scalar loss
     */
    public NDArray loss(NDArray predicted, NDArray targets, NDArray weights) {
        return elementwise(predicted.sub(targets)).mul(weights).mean();
    }

    /**
     * Parses the config value.
     *
     * @param value {@code huber} or {@code mse}
     * @return the loss
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static TdLoss parse(String value) {
        for (TdLoss loss : values()) {
            if (loss.name().toLowerCase(Locale.ROOT).equals(value)) {
                return loss;
            }
        }
        throw new IllegalArgumentException(
                "dqn.loss \"" + value + "\" is unknown; allowed: "
                        + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
