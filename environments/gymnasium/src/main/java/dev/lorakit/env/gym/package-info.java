/**
 * Drives Python Gymnasium environments from Java through the same {@link
 * dev.lorakit.env.Environment} interface, as {@code gymnasium:<id>} in the registry.
 *
 * <p>One Python module ({@code lorakit_gym_bridge.py}, shipped as a resource) encodes requests
 * and responses; two transports carry the bytes: {@link dev.lorakit.env.gym.SubprocessTransport}
 * ({@code python3} over stdin/stdout with length-prefixed frames, a versioned handshake, read
 * time-outs and captured stderr) and {@link dev.lorakit.env.gym.JepTransport} (in-process over
 * JNI, one shared interpreter on a dedicated thread), chosen automatically when {@code libjep}
 * can be loaded.
 */
package dev.lorakit.env.gym;
