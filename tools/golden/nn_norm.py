"""Golden values for @bn/nn's normalisation modules (BatchNorm1d/2d/3d, GroupNorm, LayerNorm, InstanceNorm2d), run in
real PyTorch: per case the module's options, repr and state-dict layout, its starting state (random affine weights),
then steps in training or evaluation mode, each with its output and the running stats afterwards; and the errors
PyTorch raises. Writes `packages/nn/test/fixtures/norm.json`, read by `packages/nn/test/norm.test.ts`.
Run: `/usr/bin/python3 tools/golden/nn_norm.py`.
"""
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from common import enc, randn

OUT = Path(__file__).resolve().parents[2] / "packages" / "nn" / "test" / "fixtures" / "norm.json"

BUFFERS = ("running_mean", "running_var", "num_batches_tracked")
# constructor keyword arguments: @bn's camelCase option -> PyTorch's name
KWARGS = {
    "eps": "eps",
    "momentum": "momentum",
    "affine": "affine",
    "trackRunningStats": "track_running_stats",
    "elementwiseAffine": "elementwise_affine",
}


def short(e):
    """`enc` with float32 values written in their shortest round-tripping decimal form (halves the file size)."""
    if e["dtype"] == "float32":
        e["data"] = [v if isinstance(v, str) else float(repr(np.float32(v))) for v in e["data"]]
    return e


def encode(t):
    return None if t is None else short(enc(t))


inputs = {}


def make_input(name, shape, seed):
    """A random input whose channels (dim 1, or dim 0 of an unbatched [C, *]) have different means and scales."""
    x = randn(*shape, seed=seed)
    channel_dim = 1 if len(shape) > 1 else 0
    c = shape[channel_dim]
    per_channel = [1] * len(shape)
    per_channel[channel_dim] = c
    offset = (torch.arange(c, dtype=torch.float32) * 0.7 - 0.5).reshape(per_channel)
    scale = (torch.arange(c, dtype=torch.float32) * 0.4 + 0.8).reshape(per_channel)
    x = x * scale + offset
    assert name not in inputs, name
    inputs[name] = encode(x)
    return name, x


def build(module, args, options):
    kwargs = {KWARGS[k]: v for k, v in options.items()}
    return getattr(nn, module)(*args, **kwargs)


def buffers_of(m):
    return {b: encode(getattr(m, b)) for b in BUFFERS if hasattr(m, b)}


def layout(m):
    return [[k, list(t.shape), enc(t)["dtype"]] for k, t in m.state_dict().items()]


cases = []


def case(name, module, args, options, steps, seed, null_buffers=()):
    """Builds the module, gives its affine parameters random values (seeded), sets `null_buffers` to None, then runs
    `steps`: (mode, (input name, tensor)) pairs, recording the output and the buffers after each."""
    m = build(module, args, options)
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.randn(p.shape) * 0.5 + 1.0 if p is m.weight else torch.randn(p.shape) * 0.5)
    for b in null_buffers:
        setattr(m, b, None)
    record = {
        "name": name,
        "module": module,
        "args": args,
        "options": options,
        "repr": repr(m),
        "stateDict": layout(m),
        "state": {k: encode(t) for k, t in m.state_dict().items()},
        "nullBuffers": list(null_buffers),
        "steps": [],
    }
    for mode, (input_name, x) in steps:
        m.train(mode == "train")
        with torch.no_grad():
            y = m(x)
        record["steps"].append({"mode": mode, "input": input_name, "output": encode(y), "buffers": buffers_of(m)})
    cases.append(record)


# ---- BatchNorm: 3 training steps, evaluation (twice), training again; every momentum, affine and tracking setting
BATCH_NORMS = [
    ("BatchNorm1d", "2d", [6, 3]),
    ("BatchNorm1d", "3d", [4, 3, 2]),
    ("BatchNorm2d", "4d", [2, 3, 2, 3]),
    ("BatchNorm3d", "5d", [2, 3, 2, 1, 2]),
]
seed = 100
for module, rank, shape in BATCH_NORMS:
    xs = [make_input(f"{module}_{rank}_{i}", shape, seed=seed + i) for i in range(6)]
    seed += 10
    train_eval_train = [("train", xs[0]), ("train", xs[1]), ("train", xs[2]), ("eval", xs[3]), ("eval", xs[4]),
                        ("train", xs[5])]
    for track in (True, False):
        for momentum in (0.1, 0.5, None) if track else (0.1,):
            for affine in (True, False):
                options = {"momentum": momentum, "affine": affine, "trackRunningStats": track}
                name = f"{module} {rank} momentum={momentum} affine={affine} track={track}"
                case(name, module, [3], options, train_eval_train, seed=len(cases))

x2d = make_input("BatchNorm2d_special_0", [3, 3, 2, 3], seed=150)
x2d_b = make_input("BatchNorm2d_special_1", [3, 3, 2, 3], seed=151)
steps = [("train", x2d), ("eval", x2d_b), ("train", x2d_b)]
# running stats set to None after construction, track_running_stats still True: batch statistics in evaluation
case("BatchNorm2d running stats None", "BatchNorm2d", [3], {}, steps, seed=1, null_buffers=BUFFERS[:2])
case("BatchNorm2d all buffers None", "BatchNorm2d", [3], {}, steps, seed=2, null_buffers=BUFFERS)
# cumulative average without a batch count: PyTorch's factor is 0.0 (running stats stay as they are)
case("BatchNorm2d momentum=None count None", "BatchNorm2d", [3], {"momentum": None}, steps, seed=3,
     null_buffers=BUFFERS[2:])
case("BatchNorm2d eps=0.001", "BatchNorm2d", [3], {"eps": 1e-3}, steps, seed=4)
# evaluation of a single sample is allowed (only training needs more than one value per channel)
case("BatchNorm1d eval one sample", "BatchNorm1d", [3], {}, [("eval", make_input("BatchNorm1d_one", [1, 3], 5))],
     seed=5)

# ---- GroupNorm: G = 1, 2 and C (= 4), affine on/off, 3-D/4-D/5-D inputs
for rank, shape in (("3d", [2, 4, 3]), ("4d", [2, 4, 2, 3]), ("5d", [2, 4, 2, 2, 2])):
    x = make_input(f"GroupNorm_{rank}", shape, seed=200 + len(shape))
    for groups in (1, 2, 4):
        for affine in (True, False):
            case(f"GroupNorm({groups}, 4) {rank} affine={affine}", "GroupNorm", [groups, 4], {"affine": affine},
                 [("train", x), ("eval", x)], seed=len(cases))
case("GroupNorm(2, 4) eps=0.1", "GroupNorm", [2, 4], {"eps": 0.1}, [("train", make_input("GroupNorm_eps", [3, 4, 2], 250))],
     seed=6)

# ---- LayerNorm: int and list normalized_shape, elementwise_affine off
x = make_input("LayerNorm_3d", [2, 3, 5], seed=300)
for shape_arg, label in ((5, "5"), ([5], "[5]"), ([3, 5], "[3, 5]"), ([2, 3, 5], "[2, 3, 5]")):
    for affine in (True, False):
        case(f"LayerNorm({label}) elementwise_affine={affine}", "LayerNorm", [shape_arg],
             {"elementwiseAffine": affine}, [("train", x)], seed=len(cases))
case("LayerNorm(4) on 2-D input, eps=1e-3", "LayerNorm", [4], {"eps": 1e-3},
     [("train", make_input("LayerNorm_2d", [3, 4], 301))], seed=7)

# ---- InstanceNorm2d: affine off/on, tracking with training steps then evaluation, unbatched [C, H, W] input
xs = [make_input(f"InstanceNorm2d_{i}", [2, 3, 2, 3], seed=400 + i) for i in range(4)]
unbatched = [make_input(f"InstanceNorm2d_unbatched_{i}", [3, 3, 2], seed=410 + i) for i in range(3)]
for affine in (False, True):
    case(f"InstanceNorm2d affine={affine}", "InstanceNorm2d", [3], {"affine": affine},
         [("train", xs[0]), ("eval", xs[1])], seed=len(cases))
    for momentum in (0.1, 0.5):
        case(f"InstanceNorm2d track momentum={momentum} affine={affine}", "InstanceNorm2d", [3],
             {"momentum": momentum, "affine": affine, "trackRunningStats": True},
             [("train", xs[0]), ("train", xs[1]), ("train", xs[2]), ("eval", xs[3]), ("train", xs[3])],
             seed=len(cases))
    case(f"InstanceNorm2d unbatched track affine={affine}", "InstanceNorm2d", [3],
         {"affine": affine, "trackRunningStats": True},
         [("train", unbatched[0]), ("train", unbatched[1]), ("eval", unbatched[2])], seed=len(cases))

# ---- errors, with PyTorch's exception text, and the buffers PyTorch leaves behind
errors = []


def error(name, module, args, options, error_type, mode=None, input_shape=None):
    """Records PyTorch's exception for constructing the module (no `mode`) or running it on a random input;
    `error_type` is the @bn class expected (@bn/tensor's ShapeError where PyTorch raises a RuntimeError about shapes)."""
    record = {"name": name, "module": module, "args": args, "options": options, "type": error_type}
    try:
        m = build(module, args, options)
        if mode is not None:
            record["mode"] = mode
            x = randn(*input_shape, seed=500 + len(errors))
            record["input"] = encode(x)
            record["buffersBefore"] = buffers_of(m)
            m.train(mode == "train")
            m(x)
    except Exception as e:  # noqa: BLE001 - the exception is what we record
        record["torch"] = f"{type(e).__name__}: {e}"
        if mode is not None:
            record["buffersAfterTorch"] = buffers_of(m)
    else:
        raise AssertionError(f"{name}: PyTorch did not raise")
    errors.append(record)


error("BatchNorm2d on 3-D input", "BatchNorm2d", [3], {}, "ValueError", "train", [2, 3, 4])
error("BatchNorm2d on 3-D input (eval)", "BatchNorm2d", [3], {}, "ValueError", "eval", [2, 3, 4])
error("BatchNorm1d on 4-D input", "BatchNorm1d", [3], {}, "ValueError", "train", [2, 3, 4, 4])
error("BatchNorm3d on 4-D input", "BatchNorm3d", [3], {}, "ValueError", "train", [2, 3, 4, 4])
error("BatchNorm1d one value per channel", "BatchNorm1d", [4], {}, "ValueError", "train", [1, 4])
error("BatchNorm1d one value per channel, momentum=None", "BatchNorm1d", [4], {"momentum": None}, "ValueError",
      "train", [1, 4])
error("BatchNorm2d one value per channel", "BatchNorm2d", [3], {}, "ValueError", "train", [1, 3, 1, 1])
error("GroupNorm(3, 8)", "GroupNorm", [3, 8], {}, "ValueError")
error("GroupNorm(4, 4) on 6 channels", "GroupNorm", [4, 4], {"affine": False}, "ShapeError", "train", [2, 6, 3])
error("LayerNorm(5) on [2, 4]", "LayerNorm", [5], {}, "ShapeError", "train", [2, 4])
error("InstanceNorm2d on 2-D input", "InstanceNorm2d", [3], {}, "ValueError", "train", [3, 4])
error("InstanceNorm2d one spatial element", "InstanceNorm2d", [3], {"trackRunningStats": True}, "ValueError",
      "train", [2, 3, 1, 1])
error("InstanceNorm2d momentum=None", "InstanceNorm2d", [3], {"momentum": None}, "TypeError", "train", [2, 3, 2, 2])

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"torch": torch.__version__, "inputs": inputs, "cases": cases, "errors": errors},
                          separators=(",", ":")) + "\n")
print(f"{OUT.name}: {len(cases)} cases, {len(errors)} errors, {OUT.stat().st_size} bytes")
