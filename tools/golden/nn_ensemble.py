"""Golden values for @bn/nn's ensembles (stackModuleState + functionalCall under vmap): M independent conv-BN-ReLU-linear
models with different random weights, run in training mode for 3 steps and then once in evaluation mode by a plain
loop over the models (the reference), on an input shared by all models and on one input per model. Per step: each
model's output and its BatchNorm buffers, stacked along a new dim 0 as stack_module_state stacks them.
Writes `packages/nn/test/fixtures/ensemble.json`, read by `packages/nn/test/ensemble.test.ts`.
Run: `/usr/bin/python3 tools/golden/nn_ensemble.py`.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn

from common import enc, randn

OUT = Path(__file__).resolve().parents[2] / "packages" / "nn" / "test" / "fixtures" / "ensemble.json"

M = 3  # models
N, C_IN, C, H, W, OUT_FEATURES = 4, 2, 3, 4, 4, 2
MODES = ["train", "train", "train", "eval"]
BN_BUFFERS = ("1.running_mean", "1.running_var", "1.num_batches_tracked")


def make_model(seed, momentum):
    """Conv2d(2, 3, 3, padding=1) - BatchNorm2d(3) - ReLU - Flatten - Linear(48, 2), with random BatchNorm weights."""
    torch.manual_seed(seed)
    model = nn.Sequential(
        nn.Conv2d(C_IN, C, 3, padding=1),
        nn.BatchNorm2d(C, momentum=momentum),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(C * H * W, OUT_FEATURES),
    )
    with torch.no_grad():
        model[1].weight.copy_(torch.randn(C) * 0.5 + 1.0)
        model[1].bias.copy_(torch.randn(C) * 0.5)
    return model


def run(models, xs):
    """Each step: every model on its input (`xs[step][i]`), in a loop; the outputs and buffers stacked over models."""
    steps = []
    for mode, inputs in zip(MODES, xs):
        outputs = []
        for model, x in zip(models, inputs):
            model.train(mode == "train")
            with torch.no_grad():
                outputs.append(model(x))
        buffers = {k: enc(torch.stack([dict(m.named_buffers())[k] for m in models])) for k in BN_BUFFERS}
        steps.append({"mode": mode, "output": enc(torch.stack(outputs)), "buffers": buffers})
    return steps


configs = []
for momentum in (0.1, None):
    seeds = [10 * (len(configs) + 1) + i for i in range(M)]
    states = [{k: enc(t) for k, t in make_model(s, momentum).state_dict().items()} for s in seeds]
    shared = [randn(N, C_IN, H, W, seed=1000 + 10 * len(configs) + t) for t in range(len(MODES))]
    per_model = [randn(M, N, C_IN, H, W, seed=2000 + 10 * len(configs) + t) for t in range(len(MODES))]
    configs.append({
        "momentum": momentum,
        "models": states,
        "sharedInputs": [enc(x) for x in shared],
        "perModelInputs": [enc(x) for x in per_model],
        "shared": run([make_model(s, momentum) for s in seeds], [[x] * M for x in shared]),
        "perModel": run([make_model(s, momentum) for s in seeds], [list(x) for x in per_model]),
    })

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"torch": torch.__version__, "configs": configs}, separators=(",", ":")) + "\n")
print(f"{OUT.name}: {len(configs)} configs, {OUT.stat().st_size} bytes")
