"""lorakit's bridge to Python Gymnasium environments.

One request/response codec serves both transports:
  * subprocess: `python3 lorakit_gym_bridge.py` reads length-prefixed frames from stdin and writes
    length-prefixed frames to stdout (the real stdout is kept for frames; fd 1 is pointed at stderr
    so that prints inside environments cannot corrupt the stream);
  * Jep: Java calls `handle(request_bytes)` in-process and gets the response bytes.

Frame: u32 big-endian length, then the payload. Requests start with an opcode byte; responses
start with 0 (OK) or 1 (ERROR, followed by UTF-8 JSON {type, message, traceback}).
After start-up the subprocess writes a HELLO frame: b"LKGB" + u16 protocol version.
"""
import json
import os
import signal
import struct
import sys
import traceback

PROTOCOL_VERSION = 1
MAGIC = b"LKGB"

OP_MAKE, OP_RESET, OP_STEP_DISCRETE, OP_STEP_BOX, OP_STEP_MULTI, OP_RENDER, OP_CLOSE = 1, 2, 3, 4, 5, 6, 7
OK, ERROR = 0, 1


def _json_default(o):
    try:
        import numpy as np
        if isinstance(o, np.ndarray):
            return o.tolist()
        if isinstance(o, np.generic):
            return o.item()
    except ImportError:
        pass
    return repr(o)


def _dumps(obj):
    return json.dumps(obj, default=_json_default, separators=(",", ":")).encode("utf-8")


def _space_json(space):
    import numpy as np
    from gymnasium import spaces
    if isinstance(space, spaces.Discrete):
        return {"type": "Discrete", "n": int(space.n), "start": int(space.start)}
    if isinstance(space, spaces.MultiDiscrete):
        if np.any(space.start != 0):
            raise ValueError(f"MultiDiscrete with a non-zero start is not supported: {space}")
        return {"type": "MultiDiscrete", "nvec": [int(v) for v in np.asarray(space.nvec).ravel()]}
    if isinstance(space, spaces.Box):
        return {"type": "Box", "low": [float(v) for v in space.low.ravel()],
                "high": [float(v) for v in space.high.ravel()], "shape": list(space.shape),
                "dtype": np.dtype(space.dtype).name}
    raise ValueError(f"Space {space!r} is not supported by the lorakit bridge (Box, Discrete, MultiDiscrete are)")


class Bridge:
    def __init__(self):
        self.env = None
        self.discrete_obs = False

    def _obs(self, obs):
        import numpy as np
        arr = np.asarray(obs, dtype=">f4").ravel()
        return struct.pack(">i", arr.size) + arr.tobytes()

    def _info(self, info):
        return b"" if not info else _dumps(info)

    def _step(self, action):
        obs, reward, terminated, truncated, info = self.env.step(action)
        info_bytes = self._info(info)
        return (bytes([OK]) + self._obs(obs) + struct.pack(">d??i", float(reward), bool(terminated), bool(truncated),
                                                           len(info_bytes)) + info_bytes)

    def handle(self, req):
        req = bytes(req)
        try:
            return self._dispatch(req)
        except BaseException as e:  # noqa: B902 - every failure goes back to Java
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            return bytes([ERROR]) + _dumps({"type": type(e).__module__ + "." + type(e).__qualname__,
                                            "message": str(e), "traceback": traceback.format_exc()})

    def _dispatch(self, req):
        op = req[0]
        body = req[1:]
        if op == OP_MAKE:
            import gymnasium as gym
            import numpy as np
            spec = json.loads(body.decode("utf-8"))
            self.env = gym.make(spec["id"], **spec["kwargs"])
            es = self.env.spec
            meta = {
                "observation_space": _space_json(self.env.observation_space),
                "action_space": _space_json(self.env.action_space),
                "max_episode_steps": es.max_episode_steps if es else None,
                "reward_threshold": es.reward_threshold if es else None,
                "gymnasium": gym.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
            }
            return bytes([OK]) + _dumps(meta)
        if self.env is None:
            raise RuntimeError("no environment: MAKE must come first")
        if op == OP_RESET:
            has_seed, seed = struct.unpack(">?q", body[:9])
            obs, info = self.env.reset(seed=seed if has_seed else None)
            info_bytes = self._info(info)
            return bytes([OK]) + self._obs(obs) + struct.pack(">i", len(info_bytes)) + info_bytes
        if op == OP_STEP_DISCRETE:
            import numpy as np
            (action,) = struct.unpack(">q", body[:8])
            return self._step(np.int64(action))
        if op == OP_STEP_BOX:
            import numpy as np
            (n,) = struct.unpack(">i", body[:4])
            action = np.frombuffer(body[4:4 + 4 * n], dtype=">f4").astype(np.float32)
            shape = self.env.action_space.shape
            return self._step(action.reshape(shape) if shape else action)
        if op == OP_STEP_MULTI:
            import numpy as np
            (n,) = struct.unpack(">i", body[:4])
            return self._step(np.frombuffer(body[4:4 + 8 * n], dtype=">i8").astype(np.int64))
        if op == OP_RENDER:
            import numpy as np
            frame = self.env.render()
            if frame is None:
                raise RuntimeError("render() returned None: make the environment with {render_mode: rgb_array}")
            frame = np.ascontiguousarray(frame, dtype=np.uint8)
            h, w = frame.shape[0], frame.shape[1]
            return bytes([OK]) + struct.pack(">ii", h, w) + frame.reshape(h, w, -1)[:, :, :3].tobytes()
        if op == OP_CLOSE:
            self.env.close()
            self.env = None
            return bytes([OK])
        raise ValueError(f"unknown opcode {op}")


_BRIDGE = Bridge()


def handle(req):
    """In-process entry point (Jep)."""
    return _BRIDGE.handle(req)


def _read_exact(stream, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = stream.read(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def main():
    # The JVM owns this process's life: it ends it with OP_CLOSE, or SIGKILL (close, time-out, its
    # shutdown hook), and a JVM that dies closes stdin, which ends the loop below. Signals meant for
    # the JVM must not end it first: a terminal's Ctrl-C (SIGINT) reaches every process of the
    # foreground group, and a batch system's SIGTERM may reach every process of the job, while the
    # JVM's clean stop still steps and closes this environment before writing its checkpoint.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    frames_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # stray prints from environments go to stderr, never into the frame stream
    sys.stdout = sys.stderr
    frames_in = sys.stdin.buffer

    def send(payload):
        frames_out.write(struct.pack(">I", len(payload)) + payload)

    send(MAGIC + struct.pack(">H", PROTOCOL_VERSION))
    while True:
        header = _read_exact(frames_in, 4)
        if header is None:
            return
        (n,) = struct.unpack(">I", header)
        req = _read_exact(frames_in, n)
        if req is None:
            return
        send(_BRIDGE.handle(req))
        if req[0] == OP_CLOSE:
            return


if __name__ == "__main__":
    main()
