"""Loads a lorakit DQN run's adapter/ with Hugging Face PEFT onto the torch Q-network.

Run by dev.lorakit.plugins.dqn.PeftQNetworkIT as

    python3 peft_qnetwork.py BASE.safetensors ADAPTER_DIR MERGED.safetensors OBS.json OUT.json

BASE is the base run's q_network.safetensors (the weights the LoRA run started from), ADAPTER_DIR
the LoRA run's adapter folder, MERGED the LoRA run's own q_network.safetensors (lorakit's
effective network). OBS.json is a list of observations. Writes OUT.json with the Q-values of the
PEFT model ("peft"), of the base network alone ("base") and of lorakit's merged network
("merged"); the Java side compares them.
"""
import json
import sys

import torch
from peft import PeftModel
from safetensors.torch import load_file


class QNetwork(torch.nn.Module):
    """CleanRL's Q-network with lorakit's module names: fc1, fc2, q, ReLU between."""

    def __init__(self, weights: dict):
        super().__init__()
        self.fc1 = torch.nn.Linear(*reversed(weights["fc1.weight"].shape))
        self.fc2 = torch.nn.Linear(*reversed(weights["fc2.weight"].shape))
        self.q = torch.nn.Linear(*reversed(weights["q.weight"].shape))
        self.load_state_dict(weights, strict=True)

    def forward(self, x):
        return self.q(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


def main(base_file, adapter_dir, merged_file, obs_file, out_file):
    obs = torch.tensor(json.load(open(obs_file)), dtype=torch.float32)
    base = load_file(base_file)
    with torch.no_grad():
        base_q = QNetwork(base).eval()(obs)
        peft_q = PeftModel.from_pretrained(QNetwork(base), adapter_dir).eval()(obs)
        merged_q = QNetwork(load_file(merged_file)).eval()(obs)
    json.dump({"peft": peft_q.tolist(), "base": base_q.tolist(), "merged": merged_q.tolist()}, open(out_file, "w"))


if __name__ == "__main__":
    main(*sys.argv[1:6])
