package dev.lorakit.env;

import java.util.Map;

/**
 * What {@link Environment#reset(long)} returns: the first observation of an episode and info.
 *
 * @param observation the observation, flat; owned by the caller
 * @param info extra information, empty when the environment has none
 */
public record ResetResult(float[] observation, Map<String, Object> info) {}
