"""Checks lorakit's BERT/RoBERTa sequence classifiers against transformers + PEFT, both directions.

Run by dev.lorakit.zoo.bert.HfClassifierPeftIT with one argument, a work directory the Java side
filled with one subdirectory per case:

    <case>/model/              a Hugging Face model folder (config.json + model.safetensors)
    <case>/case.json           {"family": "bert"|"roberta", "num_labels": N, "mean_pooling": bool}
    <case>/input.safetensors   "input_ids", "attention_mask" (int64)
    <case>/expected.safetensors "logits": lorakit's logits with its adapter
    <case>/adapter/            lorakit's adapter folder

For each case this script (1) loads the model folder with the transformers class a Python user
would use (BertForSequenceClassification / RobertaForSequenceClassification), loads lorakit's
adapter with PeftModel.from_pretrained, checks that every LoRA and modules_to_save key of the file
was used, and compares logits; (2) makes a PEFT adapter with random A, B and head on the same
model, saves it with save_pretrained to <case>/peft_adapter/ and writes its logits to
<case>/peft_expected.safetensors. Cases with "mean_pooling" (MiniLM's layout: a BERT without
pooler) read the classifier on the mean of the token states, as lorakit does, since
BertForSequenceClassification would use a freshly initialised pooler. Exits non-zero on a mismatch.
"""
import json
import sys
from pathlib import Path

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from peft.utils import load_peft_weights, set_peft_model_state_dict
from safetensors.torch import load_file, save_file
from transformers import BertForSequenceClassification, RobertaForSequenceClassification
from transformers.utils import logging

TOLERANCE = 1e-4
logging.set_verbosity_error()


def load_model(case_dir: Path, case: dict):
    cls = RobertaForSequenceClassification if case["family"] == "roberta" else BertForSequenceClassification
    torch.manual_seed(0)
    return cls.from_pretrained(str(case_dir / "model"), num_labels=case["num_labels"]).eval()


def logits(model, case: dict, inputs: dict) -> torch.Tensor:
    with torch.no_grad():
        if not case["mean_pooling"]:
            return model(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).logits
        base = model.get_base_model() if isinstance(model, PeftModel) else model
        states = base.bert(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
        mask = inputs["attention_mask"].unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(1) / mask.sum(1).clamp_min(1e-9)
        return base.classifier(base.dropout(pooled))


def check_case(case_dir: Path) -> bool:
    name = case_dir.name
    case = json.loads((case_dir / "case.json").read_text())
    inputs = load_file(str(case_dir / "input.safetensors"))
    expected = load_file(str(case_dir / "expected.safetensors"))["logits"]
    ok = True

    adapter = case_dir / "adapter"
    model = PeftModel.from_pretrained(load_model(case_dir, case), str(adapter)).eval()
    # Every tensor of the file must land in the model (PEFT only warns about unexpected keys).
    result = set_peft_model_state_dict(model, load_peft_weights(str(adapter)))
    unexpected = list(result.unexpected_keys)
    missing = [k for k in result.missing_keys if "lora_" in k or "modules_to_save" in k]
    err = (logits(model, case, inputs) - expected).abs().max().item()
    passed = err <= TOLERANCE and not unexpected and not missing
    ok &= passed
    print(f"{name}: PEFT loads lorakit adapter: max abs logit difference {err:.2e}, "
          f"unexpected {unexpected}, missing {missing} {'OK' if passed else 'MISMATCH'}")

    saved = json.loads((adapter / "adapter_config.json").read_text())
    config = LoraConfig(
        r=saved["r"],
        lora_alpha=saved["lora_alpha"],
        target_modules=saved["target_modules"],
        modules_to_save=saved["modules_to_save"],
        init_lora_weights=False,  # B random too, so the adapter changes the output
    )
    torch.manual_seed(7)
    peft_model = get_peft_model(load_model(case_dir, case), config).eval()
    with torch.no_grad():
        for pname, p in peft_model.named_parameters():
            if "modules_to_save" in pname:
                p.add_(0.1 * torch.randn_like(p))
    y = logits(peft_model, case, inputs)
    peft_model.save_pretrained(str(case_dir / "peft_adapter"))
    keys = sorted(load_file(str(case_dir / "peft_adapter" / "adapter_model.safetensors")).keys())
    print(f"{name}: PEFT adapter saved for lorakit, {len(keys)} tensors, head keys "
          f"{[k for k in keys if 'classifier' in k]}")
    save_file({"logits": y.contiguous()}, str(case_dir / "peft_expected.safetensors"))
    return ok


def main() -> int:
    work = Path(sys.argv[1])
    results = [check_case(d) for d in sorted(work.iterdir()) if d.is_dir()]
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
