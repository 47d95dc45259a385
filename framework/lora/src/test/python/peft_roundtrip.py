"""Checks lorakit's adapter folders against Hugging Face PEFT, both directions.

Run by dev.lorakit.lora.peft.PeftInteropIT with one argument, a work directory the Java side
filled with one subdirectory per tiny model:

    <case>/base.safetensors      base model weights under PyTorch state_dict names
    <case>/input.safetensors     "x": the input batch
    <case>/expected.safetensors  "y": lorakit's output with its adapter active
    <case>/adapter/              lorakit's adapter folder (adapter_config.json + safetensors)

For each case this script (1) loads lorakit's adapter with PeftModel.from_pretrained on the same
torch model and compares outputs, and (2) makes a PEFT adapter with non-zero B, saves it with
save_pretrained to <case>/peft_adapter/ and writes PEFT's output to <case>/peft_expected.safetensors
for the Java side to compare. Prints one line per check; exits non-zero on any mismatch.
"""
import json
import sys
from pathlib import Path

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors.torch import load_file, save_file

TOLERANCE = 1e-5


def build(case: str, base: dict) -> torch.nn.Module:
    """The torch twin of each Java tiny model; module names equal lorakit's paths."""
    if case in ("mlp", "mlp_bias"):
        model = torch.nn.Sequential(torch.nn.Linear(12, 16), torch.nn.ReLU(), torch.nn.Linear(16, 8))
    elif case == "conv":
        model = torch.nn.Sequential(
            torch.nn.Conv2d(3, 4, 3, padding=1),
            torch.nn.ReLU(),
            torch.nn.Conv2d(4, 5, 3, stride=2, padding=1),
        )
    elif case == "embedding":
        num, dim = base["0.weight"].shape
        model = torch.nn.Sequential(torch.nn.Embedding(num, dim), torch.nn.Linear(dim, 4))
    else:
        raise ValueError(f"unknown case {case}")
    model.load_state_dict(base, strict=True)
    return model.eval()


def relative_error(actual: torch.Tensor, expected: torch.Tensor) -> float:
    return ((actual - expected).abs().max() / expected.abs().max().clamp_min(1e-12)).item()


def check_case(case_dir: Path) -> bool:
    case = case_dir.name
    base = load_file(str(case_dir / "base.safetensors"))
    x = load_file(str(case_dir / "input.safetensors"))["x"]
    expected = load_file(str(case_dir / "expected.safetensors"))["y"]
    ok = True

    model = PeftModel.from_pretrained(build(case, base), str(case_dir / "adapter")).eval()
    with torch.no_grad():
        err = relative_error(model(x), expected)
    passed = err <= TOLERANCE
    ok &= passed
    print(f"{case}: PEFT loads lorakit adapter, relative error {err:.2e} {'OK' if passed else 'MISMATCH'}")

    saved = json.loads((case_dir / "adapter" / "adapter_config.json").read_text())
    config = LoraConfig(
        r=saved["r"],
        lora_alpha=saved["lora_alpha"],
        target_modules=saved["target_modules"],
        modules_to_save=saved["modules_to_save"],
        bias=saved["bias"],
        use_rslora=saved["use_rslora"],
        init_lora_weights=False,  # B random too, so the adapter changes the output
    )
    torch.manual_seed(7)
    peft_model = get_peft_model(build(case, base), config).eval()
    with torch.no_grad():
        for name, p in peft_model.named_parameters():
            # Trained tensors besides A and B: modules to save, and every bias with bias="all".
            if "modules_to_save" in name or (saved["bias"] == "all" and name.endswith(".bias")):
                p.add_(0.1 * torch.randn_like(p))
        y = peft_model(x)
    peft_model.save_pretrained(str(case_dir / "peft_adapter"))
    save_file({"y": y.contiguous()}, str(case_dir / "peft_expected.safetensors"))
    print(f"{case}: PEFT adapter saved for lorakit")
    return ok


def main() -> int:
    work = Path(sys.argv[1])
    results = [check_case(d) for d in sorted(work.iterdir()) if d.is_dir()]
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
