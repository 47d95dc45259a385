"""PEFT baseline for TextBackboneBenchmark: one MiniLM fine-tuning step on PyTorch.

Usage: python3 peft_minilm_step.py FOLDER MODE STEPS WARMUP [ATTENTION] [THREADS]

FOLDER is a Hugging Face model folder (config.json + model.safetensors) that the Java benchmark
writes from the real all-MiniLM-L6-v2 weights, so both sides train the same network; nothing is
downloaded. MODE is "lora" (PEFT LoRA r=8, alpha=16, query/value, head in modules_to_save) or
"full". The model is BertModel + mean pooling + dropout + Linear(hidden, 2), the same head as
lorakit's BertClassifier, in train mode (hidden and attention dropout 0.1), AdamW lr 1e-3 with
weight decay 0 (lorakit's default), batch 32 x 64 tokens drawn from a fixed seed, THREADS
intra-op threads (default 2, as DJL's default here). ATTENTION is transformers'
attn_implementation ("sdpa", its default, or "eager").

Prints one line: RESULT median_ms=... median_cpu_ms=... peak_rss_mb=... trainable=...
(median wall and process CPU time per step, peak resident set size, trainable parameters).
"""
import resource
import statistics
import sys
import time

import torch
from peft import LoraConfig, get_peft_model
from transformers import BertConfig, BertModel

BATCH, LENGTH = 32, 64


class Classifier(torch.nn.Module):
    """BertModel + masked mean pooling + dropout + linear, as lorakit's BertClassifier (MEAN)."""

    def __init__(self, folder, attention):
        super().__init__()
        config = BertConfig.from_pretrained(folder)
        self.bert = BertModel.from_pretrained(folder, add_pooling_layer=False, attn_implementation=attention)
        self.dropout = torch.nn.Dropout(config.hidden_dropout_prob)
        self.classifier = torch.nn.Linear(config.hidden_size, 2)

    def forward(self, input_ids, attention_mask):
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(2).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.classifier(self.dropout(pooled))


def build_step(folder, mode, attention, threads):
    """The model, optimizer and fixed batch of one mode; returns a function doing one step.

    The function returns the step's loss tensor.
    """
    if mode not in ("lora", "full"):
        raise SystemExit(f"MODE must be lora or full, got {mode!r}")
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = Classifier(folder, attention)
    if mode == "lora":
        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0,
                                                 target_modules=["query", "value"],
                                                 modules_to_save=["classifier"]))
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(1000, 30000, (BATCH, LENGTH), generator=generator)
    ids[:, 0], ids[:, -1] = 101, 102
    mask = torch.ones(BATCH, LENGTH, dtype=torch.long)
    labels = torch.randint(0, 2, (BATCH,), generator=generator)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(ids, mask), labels)
        loss.backward()
        optimizer.step()
        loss.item()
        return loss

    step.trainable = sum(p.numel() for p in params)
    return step


def main():
    folder, mode, steps, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    attention = sys.argv[5] if len(sys.argv) > 5 else "sdpa"
    threads = int(sys.argv[6]) if len(sys.argv) > 6 else 2
    step = build_step(folder, mode, attention, threads)
    times, cpu_times = [], []
    for i in range(warmup + steps):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
            cpu_times.append((time.process_time() - c0) * 1000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"RESULT median_ms={statistics.median(times):.3f} median_cpu_ms={statistics.median(cpu_times):.3f} "
          f"peak_rss_mb={peak_mb} trainable={step.trainable}")


if __name__ == "__main__":
    main()
