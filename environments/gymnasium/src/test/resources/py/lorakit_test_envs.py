"""Test environments for the bridge's failure paths: each action of BrokenEnv-v0 fails differently."""
import os
import time

import gymnasium as gym
import numpy as np
from gymnasium import spaces


class BrokenEnv(gym.Env):
    observation_space = spaces.Box(-1.0, 1.0, (2,), np.float32)
    action_space = spaces.Discrete(4)

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        print("stray output on stdout must not corrupt the frame stream")
        return np.zeros(2, np.float32), {"note": "hello"}

    def step(self, action):
        if action == 0:
            return np.ones(2, np.float32), 0.5, False, False, {"count": np.int64(3)}
        if action == 1:
            self._explode()
        if action == 2:
            os._exit(3)
        time.sleep(600)

    def _explode(self):
        raise ValueError("boom from inside the env")


gym.register("BrokenEnv-v0", entry_point=BrokenEnv)


class MultiEnv(gym.Env):
    """MultiDiscrete actions; the observation echoes the action."""
    observation_space = spaces.Box(0.0, 10.0, (3,), np.float32)
    action_space = spaces.MultiDiscrete([2, 3, 4])

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return np.zeros(3, np.float32), {}

    def step(self, action):
        return np.asarray(action, np.float32), float(sum(action)), False, False, {}


gym.register("MultiEnv-v0", entry_point=MultiEnv)
