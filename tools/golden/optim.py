"""torch.optim on a small network with fixed gradients, for @bn/optim.

Writes `packages/optim/test/fixtures/optim.json.gz`:
- `runs`: SGD, Adam and AdamW over the parameters of Linear(4, 3) -> BatchNorm1d(3) -> Linear(3, 2) (named as
  `named_parameters` names them), a few steps each with gradients drawn per step (some None: PyTorch skips those
  parameters), recording each step's gradients, the parameters after it, the optimizer's `state_dict()` and the groups'
  learning rates; option sets of each optimizer, two parameter groups, and StepLR/CosineAnnealingLR driving the lr
  (recursive form, closed form through `step(epoch)`, and a scheduler resumed with `last_epoch`);
- `clip`: clip_grad_norm_ over a dict of gradients with 2-, 1-, 3- and inf-norms, clipping and not;
- `errors`: the messages of PyTorch's argument checks (constructors, parameter groups, load_state_dict,
  clip_grad_norm_'s non-finite norm).
Options are written in @bn's camelCase. Run: `/usr/bin/python3 tools/golden/optim.py`.
"""
import gzip
import json
import warnings
from pathlib import Path

import numpy as np
import torch
from torch import nn

from common import enc as enc_double

OUT = Path(__file__).resolve().parents[2] / "packages" / "optim" / "test" / "fixtures" / "optim.json.gz"
OPTIMIZERS = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW}
SCHEDULERS = {"StepLR": torch.optim.lr_scheduler.StepLR, "CosineAnnealingLR": torch.optim.lr_scheduler.CosineAnnealingLR}
SNAKE = {"weightDecay": "weight_decay", "stepSize": "step_size", "tMax": "T_max", "etaMin": "eta_min",
         "lastEpoch": "last_epoch", "initialLr": "initial_lr"}
CAMEL = {v: k for k, v in SNAKE.items()} | {"momentum_buffer": "momentumBuffer", "exp_avg": "expAvg",
                                            "exp_avg_sq": "expAvgSq", "max_exp_avg_sq": "maxExpAvgSq"}
# torch's implementation switches, which @bn has no use for
DROPPED = {"foreach", "differentiable", "capturable", "fused"}


def enc(t):
    """A float32 tensor as `common.enc` writes it, each value in the fewest digits that read back as that float32."""
    e = enc_double(t)
    e["data"] = [float(repr(np.float32(v))) if isinstance(v, float) else v for v in e["data"]]
    return e


def snake(options):
    return {SNAKE.get(k, k): tuple(v) if isinstance(v, list) else v for k, v in options.items()}


def camel(options):
    return {CAMEL.get(k, k): list(v) if isinstance(v, tuple) else v for k, v in options.items() if k not in DROPPED}


def network():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.Linear(3, 2))
    with torch.no_grad():
        net[1].weight.uniform_(0.5, 1.5)
        net[1].bias.uniform_(-0.5, 0.5)
    return net


def encode_state_dict(sd):
    state = {str(i): {CAMEL.get(k, k): enc(v) for k, v in s.items() if v is not None} for i, s in sd["state"].items()}
    return {"state": state, "paramGroups": [camel(g) for g in sd["param_groups"]]}


def run(name, optimizer, options, steps=4, groups=None, skip=(), scheduler=None):
    """`groups`: lists of parameter names with their options; `skip`: (step, name) pairs whose gradient is None;
    `scheduler`: {type, options, epochs (closed form), resume: {after, lastEpoch}}."""
    net = network()
    named = dict(net.named_parameters())
    initial = {k: enc(v) for k, v in named.items()}
    params = [dict(snake(g), params=[named[n] for n in g["params"]]) for g in groups] if groups else list(named.values())
    opt = OPTIMIZERS[optimizer](params, **snake(options))
    sched = SCHEDULERS[scheduler["type"]](opt, **snake(scheduler["options"])) if scheduler else None
    gen = torch.Generator().manual_seed(len(name))
    records = []
    for step in range(steps):
        grads = {k: torch.randn(v.shape, generator=gen) for k, v in named.items()}
        for k, p in named.items():
            p.grad = None if (step, k) in skip else grads[k].clone()
        opt.step()
        if sched is not None:
            epochs = scheduler.get("epochs")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sched.step() if epochs is None else sched.step(epochs[step])
            resume = scheduler.get("resume")
            if resume and step == resume["after"]:
                sched = SCHEDULERS[scheduler["type"]](opt, **snake(scheduler["options"]),
                                                      last_epoch=resume["lastEpoch"])
        records.append({
            "grads": {k: None if (step, k) in skip else enc(grads[k]) for k in named},
            "params": {k: enc(v) for k, v in named.items()},
            "stateDict": encode_state_dict(opt.state_dict()),
            "lr": [g["lr"] for g in opt.param_groups],
        })
    return {"name": name, "optimizer": optimizer, "options": options, "groups": groups, "scheduler": scheduler,
            "initial": initial, "steps": records}


def message(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is what we record
        return str(e)
    raise AssertionError("PyTorch did not raise")


def main():
    names = [n for n, _ in network().named_parameters()]
    first, rest = names[:2], names[2:]
    runs = [
        run("SGD", "SGD", {"lr": 0.1}),
        run("SGD momentum", "SGD", {"lr": 0.1, "momentum": 0.9}),
        run("SGD momentum and dampening", "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}),
        run("SGD nesterov", "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
        run("SGD weight decay", "SGD", {"lr": 0.1, "weightDecay": 0.05}),
        run("SGD momentum, weight decay, maximize", "SGD",
            {"lr": 0.1, "momentum": 0.9, "weightDecay": 0.05, "maximize": True}),
        run("SGD momentum, gradients missing", "SGD", {"lr": 0.1, "momentum": 0.9},
            skip={(0, "2.weight"), (1, "0.bias"), (2, "0.bias"), (3, "1.weight")}),
        run("Adam defaults", "Adam", {}),
        run("Adam", "Adam", {"lr": 0.05, "betas": [0.8, 0.99]}),
        run("Adam amsgrad", "Adam", {"lr": 0.05, "amsgrad": True}, steps=5),
        run("Adam weight decay", "Adam", {"lr": 0.05, "weightDecay": 0.1, "eps": 1e-6}),
        run("Adam maximize, amsgrad, weight decay", "Adam",
            {"lr": 0.05, "maximize": True, "amsgrad": True, "weightDecay": 0.1}),
        run("Adam, gradients missing", "Adam", {"lr": 0.05}, skip={(0, "1.bias"), (2, "1.bias"), (1, "2.weight")}),
        run("AdamW defaults", "AdamW", {}),
        run("AdamW", "AdamW", {"lr": 0.05, "weightDecay": 0.1}),
        run("AdamW amsgrad, maximize", "AdamW", {"lr": 0.05, "amsgrad": True, "maximize": True}),
        run("SGD, two parameter groups", "SGD", {"lr": 0.1, "momentum": 0.9},
            groups=[{"params": first}, {"params": rest, "lr": 0.01, "nesterov": True}]),
        run("Adam, two parameter groups", "Adam", {"lr": 0.05},
            groups=[{"params": rest, "weightDecay": 0.1}, {"params": first, "lr": 0.01, "amsgrad": True}]),
        run("StepLR", "SGD", {"lr": 0.1, "momentum": 0.9}, steps=7,
            scheduler={"type": "StepLR", "options": {"stepSize": 2, "gamma": 0.5}}),
        run("StepLR, closed form", "SGD", {"lr": 0.1}, steps=4,
            scheduler={"type": "StepLR", "options": {"stepSize": 2, "gamma": 0.5}, "epochs": [3, 4, 1, 6]}),
        run("CosineAnnealingLR, two groups", "SGD", {"lr": 0.1}, steps=11,
            groups=[{"params": first}, {"params": rest, "lr": 0.05}],
            scheduler={"type": "CosineAnnealingLR", "options": {"tMax": 3, "etaMin": 0.001}}),
        run("CosineAnnealingLR, closed form", "Adam", {"lr": 0.05}, steps=4,
            scheduler={"type": "CosineAnnealingLR", "options": {"tMax": 4}, "epochs": [2, 5, 1, 8]}),
        run("CosineAnnealingLR, resumed", "SGD", {"lr": 0.1}, steps=6,
            scheduler={"type": "CosineAnnealingLR", "options": {"tMax": 4, "etaMin": 0.01},
                       "resume": {"after": 1, "lastEpoch": 3}}),
    ]

    gen = torch.Generator().manual_seed(1)
    clip = []
    for max_norm, norm_type in [(1.0, 2), (0.5, 1), (0.3, "inf"), (2.0, 3), (100.0, 2)]:
        grads = {n: torch.randn(p.shape, generator=gen) for n, p in network().named_parameters()}
        before = {k: enc(v) for k, v in grads.items()}
        params = [torch.zeros_like(g, requires_grad=True) for g in grads.values()]
        for p, g in zip(params, grads.values()):
            p.grad = g
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=float(norm_type))
        clip.append({"maxNorm": max_norm, "normType": norm_type, "grads": before, "total": enc(total),
                     "clipped": {k: enc(p.grad) for k, p in zip(grads, params)}})

    w, b = nn.Parameter(torch.zeros(2)), nn.Parameter(torch.zeros(3))
    errors = [
        {"optimizer": "SGD", "options": {"lr": -1}, "torch": message(lambda: torch.optim.SGD([w], lr=-1))},
        {"optimizer": "SGD", "options": {"lr": 0.1, "momentum": -0.5},
         "torch": message(lambda: torch.optim.SGD([w], lr=0.1, momentum=-0.5))},
        {"optimizer": "SGD", "options": {"lr": 0.1, "weightDecay": -0.01},
         "torch": message(lambda: torch.optim.SGD([w], lr=0.1, weight_decay=-0.01))},
        {"optimizer": "SGD", "options": {"lr": 0.1, "nesterov": True},
         "torch": message(lambda: torch.optim.SGD([w], lr=0.1, nesterov=True))},
        {"optimizer": "SGD", "options": {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True},
         "torch": message(lambda: torch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True))},
        {"optimizer": "SGD", "options": {}, "torch": message(lambda: torch.optim.SGD([w]))},
        {"optimizer": "SGD", "options": {"lr": 0.1}, "params": [], "torch": message(lambda: torch.optim.SGD([], lr=0.1))},
        {"optimizer": "SGD", "options": {"lr": 0.1}, "params": "two groups sharing w",
         "torch": message(lambda: torch.optim.SGD([{"params": [w]}, {"params": [w, b]}], lr=0.1))},
        {"optimizer": "SGD", "options": {"lr": 0.1}, "params": "a Tensor",
         "torch": message(lambda: torch.optim.SGD(w, lr=0.1))},
    ]
    for name in ("Adam", "AdamW"):
        cls = OPTIMIZERS[name]
        for options in ({"lr": -1}, {"eps": -1e-8}, {"betas": [1, 0.999]}, {"betas": [0.9, -0.5]},
                        {"weightDecay": -1}):
            errors.append({"optimizer": name, "options": options,
                           "torch": message(lambda: cls([w], **snake(options)))})
    opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.01}], lr=0.1, momentum=0.9)
    sd = opt.state_dict()
    errors.append({"loadStateDict": "one group", "torch": message(
        lambda: opt.load_state_dict({"state": {}, "param_groups": sd["param_groups"][:1]}))})
    errors.append({"loadStateDict": "group sizes", "torch": message(lambda: opt.load_state_dict(
        {"state": {}, "param_groups": [dict(sd["param_groups"][0], params=[0, 1]), sd["param_groups"][1]]}))})
    inf_grad = nn.Parameter(torch.zeros(2))
    inf_grad.grad = torch.tensor([1.0, float("inf")])
    errors.append({"clip": 2, "torch": message(
        lambda: torch.nn.utils.clip_grad_norm_([inf_grad], 1.0, error_if_nonfinite=True))})
    errors.append({"clip": "inf", "torch": message(
        lambda: torch.nn.utils.clip_grad_norm_([inf_grad], 1.0, norm_type="inf", error_if_nonfinite=True))})

    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"torch": torch.__version__, "runs": runs, "clip": clip, "errors": errors},
                      separators=(",", ":")) + "\n"
    OUT.write_bytes(gzip.compress(data.encode(), mtime=0))
    print(f"{OUT.name}: {len(runs)} runs, {len(clip)} clip cases, {len(errors)} errors, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
