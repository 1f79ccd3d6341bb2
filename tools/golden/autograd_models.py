"""Parameter gradients of torchvision's resnet18 and regnet_y_400mf on formula weights, for @bn/autograd's model tests
(packages/autograd/test/models.test.ts), which rebuild each model, fill the same weights and input (the formula of
tools/golden/models_outputs.py, imported from it) and take `grad(loss)` over `functionalCall`.

Loss: F.cross_entropy(functional_call(model, params, x), y), mean over the batch; x = formula_input([4, 3, 64, 64])
(as in models_outputs.py), y = TARGETS; 1000 classes. Gradient with respect to every parameter, by
torch.autograd.grad, computed in float64 (the float32 formula weights and input cast to float64).
Cases (each: torch.manual_seed(0), build, fill, then the change):
    train          model.train(): batch statistics; the running stats after the step are recorded too
    eval           model.eval(): running stats
    groupnorm      built with norm_layer=lambda c: nn.GroupNorm(math.gcd(32, c), c), filled from its own state dict
    train_patched  replace_all_batch_norm_modules_(model); model.train()
Full gradients would take 11M numbers: each tensor is stored as a summary computed in float64 (`summary`):
    {"n", "sum", "sumSq", "indices": fixed flat indices (8 spread evenly, or all when n <= 8), "values": there}
Each case also runs in float32 three ways that round differently (VARIANTS: as is, the batch reversed, channels-last
activations), and each summary records in "float32Error" the worst distance of those from float64, in the measures
the test uses (`errors`: in units of the tensor's rms, or of UNIT_FLOOR times the largest rms of its group, the
gradient or the running stats, when that is larger): the yardstick of the test's tolerances. It varies by orders of magnitude between tensors:
in training, the gradients of RegNet's squeeze-excitation layers are small differences of large terms (a gate that
scales every channel of every sample alike changes nothing after a BatchNorm), and float32 gets them to a few %.

Writes `packages/autograd/test/fixtures/models.json.gz` (gzip, mtime 0, compact JSON):
    {"torch", "torchvision", "inputShape", "targets", "numClasses",
     "models": {<builder>: {<case>: {"loss", "grads": {name: summary}, "buffers"?: {name: summary},
                                     (each summary with "float32Error": {"entry", "sum", "norm"})}}}}
Run: `/usr/bin/python3 tools/golden/autograd_models.py` (about two minutes).
"""
import gzip
import json
import math
import time
from pathlib import Path

import torch
import torch.nn.functional as F
import torchvision
from functorch.experimental import replace_all_batch_norm_modules_
from torch import nn
from torch.nn.utils.stateless import functional_call
from torchvision import models

from models_outputs import fill, formula_input

OUT = Path(__file__).resolve().parents[2] / "packages" / "autograd" / "test" / "fixtures" / "models.json.gz"

MODELS = {"resnet18": "resnet18", "regnetY400mf": "regnet_y_400mf"}
CASES = ["train", "eval", "groupnorm", "train_patched"]
INPUT_SHAPE = [4, 3, 64, 64]
TARGETS = [3, 141, 592, 865]
NUM_CLASSES = 1000
SUMMARY_ENTRIES = 8
UNIT_FLOOR = 1e-3
VARIANTS = ["plain", "reversed", "channels_last"]


def summary_indices(n, k=SUMMARY_ENTRIES):
    """k flat indices spread evenly over 0..n-1, both ends included (all of them when n <= k)."""
    if n <= k:
        return list(range(n))
    return [round(j * (n - 1) / (k - 1)) for j in range(k)]


def summary(t):
    """A tensor's float64 summary: element count, sum, sum of squares and the values at `summary_indices`."""
    flat = t.detach().to(torch.float64).reshape(-1)
    indices = summary_indices(flat.numel())
    return {
        "n": flat.numel(),
        "sum": flat.sum().item(),
        "sumSq": (flat * flat).sum().item(),
        "indices": indices,
        "values": [flat[i].item() for i in indices],
    }


def rms(s):
    return math.sqrt(s["sumSq"] / s["n"])


def unit_floor(summaries):
    """The smallest unit of error for a group of tensors (the parameters of one gradient): UNIT_FLOOR times their
    largest rms. A tensor whose gradient is zero in exact arithmetic (a convolution's bias before a BatchNorm in
    training) or nearly so is computed as a sum of terms as large as the others: its rounding error scales with them."""
    return UNIT_FLOOR * max(rms(s) for s in summaries)


def errors(actual, expected, floor=0.0):
    """How far summary `actual` is from `expected`, in units of the expected tensor's scale u = max(rms, floor)
    (rms = sqrt(sumSq / n)), as the tests measure: entries by |a - e| / u; the sum by |a - e| / (sqrt(n) u), since a
    sum of n errors of size u grows like sqrt(n) u; the norm sqrt(sumSq) by |a - e| / (sqrt(n) u)."""
    unit = max(rms(expected), floor)
    if unit == 0:
        return {"entry": 0.0, "sum": 0.0, "norm": 0.0}
    norm_unit = math.sqrt(expected["n"]) * unit
    return {
        "entry": max(abs(a - e) for a, e in zip(actual["values"], expected["values"])) / unit,
        "sum": abs(actual["sum"] - expected["sum"]) / norm_unit,
        "norm": abs(math.sqrt(actual["sumSq"]) - math.sqrt(expected["sumSq"])) / norm_unit,
    }


def worst(errs):
    return {k: max(e[k] for e in errs) for k in ("entry", "sum", "norm")}


def build(name, case):
    torch.manual_seed(0)
    kwargs = {"num_classes": NUM_CLASSES}
    if case == "groupnorm":
        kwargs["norm_layer"] = lambda c: nn.GroupNorm(math.gcd(32, c), c)
    model = getattr(models, name)(**kwargs)
    fill(model)
    if case == "train_patched":
        replace_all_batch_norm_modules_(model)
    return model.eval() if case == "eval" else model.train()


def run(name, case, dtype, variant="plain"):
    """(loss, {parameter: gradient}, {running stat: value after the step}) of one case in `dtype`. The variants round
    differently for the same mathematical result: "reversed" takes the samples in reverse order (the mean loss and
    the batch statistics do not depend on it; every sum over the batch does), "channels_last" lays the activations
    out NHWC (other convolution kernels)."""
    model = build(name, case).to(dtype)
    x = formula_input(INPUT_SHAPE).to(dtype)
    y = torch.tensor(TARGETS)
    if variant == "reversed":
        x, y = x.flip(0), y.flip(0)
    elif variant == "channels_last":
        model, x = model.to(memory_format=torch.channels_last), x.to(memory_format=torch.channels_last)
    params = {k: v.detach().clone().requires_grad_(True) for k, v in model.named_parameters()}
    loss = F.cross_entropy(functional_call(model, params, (x,)), y)
    grads = torch.autograd.grad(loss, list(params.values()))
    buffers = {k: v for k, v in model.named_buffers() if not k.endswith("num_batches_tracked")}
    tracked = [v.item() for k, v in model.named_buffers() if k.endswith("num_batches_tracked")]
    expected_steps = 1 if case == "train" else 0
    assert all(t == expected_steps for t in tracked), (name, case, tracked)
    return loss.item(), dict(zip(params, grads)), buffers


def main():
    start = time.time()
    results = {}
    for ours, name in MODELS.items():
        results[ours] = {}
        for case in CASES:
            loss, grads, buffers = run(name, case, torch.float64)
            tensors = {"grads": grads, "buffers": buffers if case == "train" else {}}
            record = {"loss": loss}
            for kind, ts in tensors.items():
                if ts:
                    record[kind] = {k: summary(t) for k, t in ts.items()}
            # each tensor's yardstick: the worst of torch's float32 variants against float64
            runs32 = [run(name, case, torch.float32, v) for v in VARIANTS]
            for kind, ts in tensors.items():
                floor = unit_floor(record[kind].values()) if ts else 0
                for k in ts:
                    record[kind][k]["float32Error"] = worst(
                        [errors(summary(r[1 if kind == "grads" else 2][k]), record[kind][k], floor) for r in runs32]
                    )
            results[ours][case] = record
            w = worst([s["float32Error"] for kind in tensors for s in record.get(kind, {}).values()])
            print(f"{ours:13s} {case:14s} loss {loss:.6f} (float32 {runs32[0][0]:.6f}); worst torch float32 vs "
                  f"float64: entry {w['entry']:.2g} rms, sum {w['sum']:.2g} norm, norm {w['norm']:.2g} "
                  f"({time.time() - start:.0f} s)")
    data = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "inputShape": INPUT_SHAPE,
        "targets": TARGETS,
        "numClasses": NUM_CLASSES,
        "models": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress((json.dumps(data, separators=(",", ":")) + "\n").encode(), mtime=0))
    print(f"{OUT.name}: {OUT.stat().st_size} bytes ({time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
