"""Per-sample gradients of PyTorch's per-sample-gradients tutorial (intermediate/per_sample_grads) from functorch, for
@bn/autograd's test of vmap(grad) (packages/autograd/test/per-sample.test.ts; the network is
packages/autograd/test/simple-cnn.ts).

SimpleCNN: conv 1->32 3x3, norm, relu, conv 32->64 3x3, norm, relu, max_pool2d 2, flatten, fc 9216->128, relu,
fc 128->10, log_softmax (the tutorial returns the logits by mistake; nll_loss wants log-probabilities). norm is
nn.Identity() without a norm layer. Weights: the formula of tools/golden/models_outputs.py (state-dict entry k
uses stream k + 1), filled into the model as its state dict lists them (after the change of the case, so a
BatchNorm whose running stats were dropped fills like one built without). Data: formula_input([8, 1, 28, 28]),
targets TARGETS.
As the tutorial:
    compute_loss(params, buffers, sample, target) = F.nll_loss(functional_call(model, {**params, **buffers},
                                                                              (sample[None],)), target[None])
    functorch.vmap(functorch.grad(compute_loss), in_dims=(None, None, 0, 0))(params, buffers, data, targets)
in float64 (the float32 weights and data cast), for the cases:
    plain           no norm layer
    bn_no_stats     BatchNorm2d(c, track_running_stats=False), training (checked equal, to 1e-12, to BatchNorm2d(c)
                    after functorch.experimental.replace_all_batch_norm_modules_)
    groupnorm       GroupNorm(8, c)
    eval            BatchNorm2d(c) in eval mode (the formula's running stats)
and, for @bn's BatchNorm over a named axis (whose member gradients must sum to the whole-batch gradient):
    named_axis      BatchNorm2d(c) in training: the gradient of F.nll_loss(model(data), targets) (mean over the
                    batch) by torch.autograd.grad, and the running stats after that step
Every tensor is stored as the float64 summary of autograd_models.py (n, sum, sumSq, 8 entries at fixed indices),
with "float32Error": how far torch's float32 run is from float64 in the test's measures (`errors`; the unit floor
of a per-sample gradient comes from the tensors of its sample).

Writes `packages/autograd/test/fixtures/per-sample.json.gz` (gzip, mtime 0, compact JSON):
    {"torch", "inputShape", "targets",
     "cases": {<case>: {"perSample": {name: [summary of sample i]}}},
     "namedAxis": {"grads": {name: summary}, "buffers": {name: summary}}}
Run: `/usr/bin/python3 tools/golden/autograd_per_sample.py`.
"""
import gzip
import json
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from functorch import grad, vmap
from functorch.experimental import replace_all_batch_norm_modules_
from torch import nn
from torch.nn.utils.stateless import functional_call

from autograd_models import errors, summary, unit_floor, worst
from models_outputs import fill, formula_input

OUT = Path(__file__).resolve().parents[2] / "packages" / "autograd" / "test" / "fixtures" / "per-sample.json.gz"

INPUT_SHAPE = [8, 1, 28, 28]
TARGETS = [3, 7, 0, 9, 1, 4, 8, 2]
CASES = ["plain", "bn_no_stats", "groupnorm", "eval"]


class SimpleCNN(nn.Module):
    def __init__(self, norm_layer=None):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.norm1 = nn.Identity() if norm_layer is None else norm_layer(32)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.norm2 = nn.Identity() if norm_layer is None else norm_layer(64)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x, probe=None):
        """`probe`: a dict that receives every ReLU's input ("relu") and the max-pool's input ("pool")."""
        pre1 = self.norm1(self.conv1(x))
        pre2 = self.norm2(self.conv2(F.relu(pre1)))
        pooled_in = F.relu(pre2)
        pre3 = self.fc1(torch.flatten(F.max_pool2d(pooled_in, 2), 1))
        if probe is not None:
            probe.setdefault("relu", []).extend(t.detach().reshape(-1) for t in (pre1, pre2, pre3))
            probe.setdefault("pool", []).append(pooled_in.detach())
        return F.log_softmax(self.fc2(F.relu(pre3)), dim=1)


NORMS = {
    "plain": None,
    "bn_no_stats": lambda c: nn.BatchNorm2d(c, track_running_stats=False),
    "groupnorm": lambda c: nn.GroupNorm(8, c),
    "eval": nn.BatchNorm2d,
    "named_axis": nn.BatchNorm2d,
    "bn_patched": nn.BatchNorm2d,
}


def build(case):
    torch.manual_seed(0)
    model = SimpleCNN(NORMS[case])
    if case == "bn_patched":
        replace_all_batch_norm_modules_(model)
    fill(model)
    return model.eval() if case == "eval" else model.train()


def per_sample_grads(case, dtype):
    """{name: [B, *shape] per-sample gradients} by the tutorial's vmap(grad(compute_loss)), and the margins."""
    model = build(case).to(dtype)
    data = formula_input(INPUT_SHAPE).to(dtype)
    targets = torch.tensor(TARGETS)
    params = {k: v.detach() for k, v in model.named_parameters()}
    buffers = {k: v.detach() for k, v in model.named_buffers()}

    def compute_loss(params, buffers, sample, target):
        predictions = functional_call(model, {**params, **buffers}, (sample.unsqueeze(0),))
        return F.nll_loss(predictions, target.unsqueeze(0))

    grads = vmap(grad(compute_loss), in_dims=(None, None, 0, 0))(params, buffers, data, targets)
    probe = {}
    with torch.no_grad():
        for i in range(data.shape[0]):
            model(data[i : i + 1], probe)
    return grads, probe


def batch_grads(dtype):
    """The whole-batch gradient of the BatchNorm network in training, and its running stats after the step."""
    model = build("named_axis").to(dtype)
    data = formula_input(INPUT_SHAPE).to(dtype)
    params = {k: v.detach().clone().requires_grad_(True) for k, v in model.named_parameters()}
    probe = {}
    loss = F.nll_loss(functional_call(model, params, (data, probe)), torch.tensor(TARGETS))
    grads = dict(zip(params, torch.autograd.grad(loss, list(params.values()))))
    buffers = {k: v.detach().clone() for k, v in model.named_buffers() if not k.endswith("num_batches_tracked")}
    assert model.norm1.num_batches_tracked.item() == 1
    return grads, buffers, probe


def margins(probe):
    """How close the float64 values come to where float32 rounding could change the gradient's path: the smallest
    |ReLU input|, and the smallest gap between the two largest values of a max-pool window whose max is positive."""
    relu = torch.cat(probe["relu"]).abs().min().item()
    windows = torch.cat(probe["pool"]).unfold(2, 2, 2).unfold(3, 2, 2).reshape(-1, 4)
    top = windows.topk(2, dim=1).values
    live = top[:, 0] > 0
    pool = (top[live, 0] - top[live, 1]).min().item()
    return f"min |relu input| {relu:.2g}, min max-pool gap {pool:.2g}"


def summaries_per_sample(grads):
    return {k: [summary(g[i]) for i in range(g.shape[0])] for k, g in grads.items()}


def with_float32_error(summaries, grads32):
    """Records each sample's float32 error; a sample's gradient is one group (its unit floor)."""
    samples = len(next(iter(summaries.values())))
    for i in range(samples):
        floor = unit_floor([per[i] for per in summaries.values()])
        for k, per in summaries.items():
            per[i]["float32Error"] = errors(summary(grads32[k][i]), per[i], floor)
    return worst([s["float32Error"] for per in summaries.values() for s in per])


def main():
    start = time.time()
    cases = {}
    for case in CASES:
        grads, probe = per_sample_grads(case, torch.float64)
        if case == "bn_no_stats":
            patched, _ = per_sample_grads("bn_patched", torch.float64)
            assert all((patched[k] - g).abs().max().item() <= 1e-12 for k, g in grads.items())
        record = summaries_per_sample(grads)
        w = with_float32_error(record, per_sample_grads(case, torch.float32)[0])
        cases[case] = {"perSample": record}
        print(f"{case:12s} {margins(probe)}; torch float32 vs float64: entry {w['entry']:.2g} rms, "
              f"sum {w['sum']:.2g} norm, norm {w['norm']:.2g}")
    grads, buffers, probe = batch_grads(torch.float64)
    grads32, buffers32, _ = batch_grads(torch.float32)
    named = {"grads": {k: summary(g) for k, g in grads.items()}, "buffers": {k: summary(b) for k, b in buffers.items()}}
    for kind, ts32 in (("grads", grads32), ("buffers", buffers32)):
        floor = unit_floor(named[kind].values())
        for k, s in named[kind].items():
            s["float32Error"] = errors(summary(ts32[k]), s, floor)
    w = worst([s["float32Error"] for kind in named.values() for s in kind.values()])
    print(f"{'named_axis':12s} {margins(probe)}; torch float32 vs float64: entry {w['entry']:.2g} rms, "
          f"sum {w['sum']:.2g} norm, norm {w['norm']:.2g}")
    data = {"torch": torch.__version__, "inputShape": INPUT_SHAPE, "targets": TARGETS, "cases": cases,
            "namedAxis": named}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress((json.dumps(data, separators=(",", ":")) + "\n").encode(), mtime=0))
    print(f"{OUT.name}: {OUT.stat().st_size} bytes ({time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
