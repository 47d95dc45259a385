#!/usr/bin/env python3
"""Records golden trajectories from the real Gymnasium for the Java classic-control tests.

Usage: python3 record_golden.py [OUTPUT_DIR]   (default: ../resources/golden next to this file)

For each environment and seed it resets with `reset(seed=seed)`, then steps with actions from a
fixed policy (a noisy heuristic, so that episodes run long and reach both termination and
truncation) until the episode ends, and writes one JSON file holding the Gymnasium and numpy
versions, the initial float64 state and observation, and per step the action, observation,
float64 state, reward and flags. Variants set physical attributes on the unwrapped environment
the way the Java keys name them.
"""
import json
import math
import os
import sys

import gymnasium as gym
import numpy as np

SEEDS = [0, 1, 42]


def state_of(env):
    s = env.unwrapped.state
    return [float(v) for v in s]


# Exploration rate per seed: long balanced runs (truncation), random runs (early termination).
EPSILON = {0: 0.1, 1: 1.0, 42: 0.35, 7: 0.1, 2: 0.2, 3: 0.5, 4: 0.05, 5: 0.7, 6: 1.0, 8: 1.0}
# Acrobot and Pendulum (sin/cos and pow inside the dynamics) get more seeds and a longer episode.
EXTRA_SEEDS = [2, 3, 4, 5, 6]
LONG = {"max_episode_steps": 1000}


def cartpole_policy(obs, rng, seed):
    if rng.random() < EPSILON[seed]:
        return int(rng.integers(2))
    return 1 if obs[2] + 0.5 * obs[3] + 0.01 * obs[1] > 0 else 0


def acrobot_policy(obs, rng, seed):
    if rng.random() < EPSILON[seed]:
        return int(rng.integers(3))
    # pumping with the second joint's velocity swings the tip up (termination)
    return 2 if obs[5] > 0 else 0


def mountain_car_policy(obs, rng, seed):
    if rng.random() < EPSILON[seed]:
        return int(rng.integers(3))
    return 2 if obs[1] >= 0 else 0


def pendulum_policy(obs, rng, seed):
    # float32 actions, as action_space.sample() gives
    return np.array([rng.uniform(-2.0, 2.0)], dtype=np.float32)


POLICIES = {
    "CartPole-v1": cartpole_policy,
    "Acrobot-v1": acrobot_policy,
    "MountainCar-v0": mountain_car_policy,
    "Pendulum-v1": pendulum_policy,
}


def apply_overrides(env, overrides):
    u = env.unwrapped
    for key, value in overrides.items():
        setattr(u, key, value)
    if isinstance(u, gym.envs.classic_control.cartpole.CartPoleEnv):
        u.total_mass = u.masspole + u.masscart
        u.polemass_length = u.masspole * u.length


def record(env_id, seed, overrides, name):
    physics = {k: v for k, v in overrides.items() if k != "max_episode_steps"}
    make_kwargs = {k: v for k, v in overrides.items() if k == "max_episode_steps"}
    env = gym.make(env_id, **make_kwargs)
    apply_overrides(env, physics)
    policy_rng = np.random.default_rng(10_000 + seed)
    obs, _ = env.reset(seed=seed)
    out = {
        "id": env_id,
        "seed": seed,
        "overrides": overrides,
        "gymnasium": gym.__version__,
        "numpy": np.__version__,
        "reset_obs": [float(v) for v in obs],
        "reset_state": state_of(env),
        "actions": [], "obs": [], "state": [], "rewards": [], "terminated": [], "truncated": [],
    }
    policy = POLICIES[env_id]
    while True:
        action = policy(obs, policy_rng, seed)
        obs, reward, terminated, truncated, _ = env.step(action)
        out["actions"].append([float(a) for a in action] if isinstance(action, np.ndarray) else action)
        out["obs"].append([float(v) for v in obs])
        out["state"].append(state_of(env))
        out["rewards"].append(float(reward))
        out["terminated"].append(bool(terminated))
        out["truncated"].append(bool(truncated))
        if terminated or truncated:
            break
    env.close()
    return name, out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "resources", "golden")
    os.makedirs(out_dir, exist_ok=True)
    jobs = []
    for env_id in POLICIES:
        for seed in SEEDS:
            jobs.append((env_id, seed, {}, f"{env_id}_seed{seed}"))
    for env_id in ("Acrobot-v1", "Pendulum-v1"):
        for seed in EXTRA_SEEDS:
            jobs.append((env_id, seed, {}, f"{env_id}_seed{seed}"))
        jobs.append((env_id, 8, LONG, f"{env_id}_long_seed8"))
    jobs.append(("CartPole-v1", 7, {"length": 1.0, "masspole": 0.2, "kinematics_integrator": "semi-implicit"},
                 "CartPole-v1_variant_seed7"))
    for env_id, seed, overrides, name in jobs:
        name, data = record(env_id, seed, overrides, name)
        path = os.path.join(out_dir, name + ".json")
        with open(path + ".tmp", "w") as f:
            json.dump(data, f, separators=(",", ":"))
        os.replace(path + ".tmp", path)
        ends = "terminated" if data["terminated"][-1] else "truncated"
        print(f"{name}: {len(data['actions'])} steps, {ends}")


if __name__ == "__main__":
    main()
