"""PEFT side of MiniLmOpProfile: torch.profiler over peft_minilm_step.py's training step.

Usage: python3 peft_minilm_profile.py FOLDER MODE TRACE [WARMUP] [STEPS] [THREADS]

Same model, batch, optimizer and step as peft_minilm_step.py (sdpa attention); WARMUP steps
(default 4) run unprofiled, then STEPS (default 3) are recorded with input shapes into the
Chrome trace TRACE, which op_table.py reads.
"""
import sys

import torch
from torch.profiler import ProfilerActivity, profile

import peft_minilm_step as step_script


def main():
    folder, mode, trace = sys.argv[1], sys.argv[2], sys.argv[3]
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    steps = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    threads = int(sys.argv[6]) if len(sys.argv) > 6 else 2
    step = step_script.build_step(folder, mode, "sdpa", threads)
    for _ in range(warmup):
        step()
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as p:
        for _ in range(steps):
            step()
    p.export_chrome_trace(trace)


if __name__ == "__main__":
    main()
