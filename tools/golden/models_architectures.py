"""Architecture facts of every torchvision 0.14 ResNet and RegNet builder, for @bn/models' architecture tests
(packages/models/test/: the builders' parameter counts, state-dict keys and shapes, RegNet block params, FLOPs, repr).

Writes `packages/models/test/fixtures/architectures.json.gz`: gzip (mtime 0) of compact JSON
    {"torch": str, "torchvision": str, "input": [1, 3, 224, 224], "models": {<builder name>: record, ...}}
with the builders in the order below and, per builder built with its default arguments (1000 classes, no weights):
    "params":      sum(p.numel() for p in model.parameters())
    "state":       [[key, shape], ...] for model.state_dict() in its order, buffers (num_batches_tracked) included
    "blockParams": RegNets only: {"depths", "widths", "groupWidths", "bottleneckMultipliers", "strides", "seRatio"}
                   from BlockParams.from_init_params with the builder's own arguments (BLOCK_ARGS below, copied from
                   torchvision/models/regnet.py and checked against the built model's stages)
    "flops":       2 x multiply-accumulates of every Conv2d and Linear for ONE 3x224x224 image:
                   conv = 2 * out.numel() * (in_channels / groups) * kh * kw (bias not counted),
                   linear = 2 * in_features * out_features
    "repr":        str(model), for resnet18, resnet50, regnet_y_400mf and regnet_x_400mf only
Weight initialisation is skipped while building (values do not matter here), so even regnet_y_128gf builds quickly.
"""
import gc
import gzip
import json
import time
from contextlib import contextmanager
from pathlib import Path

import torch
import torchvision
from torch import nn
from torchvision import models
from torchvision.models.regnet import BlockParams

OUT = Path(__file__).resolve().parents[2] / "packages" / "models" / "test" / "fixtures" / "architectures.json.gz"

BUILDERS = [
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "resnext101_32x8d",
    "resnext101_64x4d", "wide_resnet50_2", "wide_resnet101_2",
    "regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf", "regnet_y_3_2gf", "regnet_y_8gf", "regnet_y_16gf",
    "regnet_y_32gf", "regnet_y_128gf",
    "regnet_x_400mf", "regnet_x_800mf", "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf", "regnet_x_16gf",
    "regnet_x_32gf",
]
WITH_REPR = {"resnet18", "resnet50", "regnet_y_400mf", "regnet_x_400mf"}

# BlockParams.from_init_params arguments of each RegNet builder, as in torchvision 0.14's regnet.py
BLOCK_ARGS = {
    "regnet_y_400mf": dict(depth=16, w_0=48, w_a=27.89, w_m=2.09, group_width=8, se_ratio=0.25),
    "regnet_y_800mf": dict(depth=14, w_0=56, w_a=38.84, w_m=2.4, group_width=16, se_ratio=0.25),
    "regnet_y_1_6gf": dict(depth=27, w_0=48, w_a=20.71, w_m=2.65, group_width=24, se_ratio=0.25),
    "regnet_y_3_2gf": dict(depth=21, w_0=80, w_a=42.63, w_m=2.66, group_width=24, se_ratio=0.25),
    "regnet_y_8gf": dict(depth=17, w_0=192, w_a=76.82, w_m=2.19, group_width=56, se_ratio=0.25),
    "regnet_y_16gf": dict(depth=18, w_0=200, w_a=106.23, w_m=2.48, group_width=112, se_ratio=0.25),
    "regnet_y_32gf": dict(depth=20, w_0=232, w_a=115.89, w_m=2.53, group_width=232, se_ratio=0.25),
    "regnet_y_128gf": dict(depth=27, w_0=456, w_a=160.83, w_m=2.52, group_width=264, se_ratio=0.25),
    "regnet_x_400mf": dict(depth=22, w_0=24, w_a=24.48, w_m=2.54, group_width=16),
    "regnet_x_800mf": dict(depth=16, w_0=56, w_a=35.73, w_m=2.28, group_width=16),
    "regnet_x_1_6gf": dict(depth=18, w_0=80, w_a=34.01, w_m=2.25, group_width=24),
    "regnet_x_3_2gf": dict(depth=25, w_0=88, w_a=26.31, w_m=2.25, group_width=48),
    "regnet_x_8gf": dict(depth=23, w_0=80, w_a=49.56, w_m=2.88, group_width=120),
    "regnet_x_16gf": dict(depth=22, w_0=216, w_a=55.59, w_m=2.1, group_width=128),
    "regnet_x_32gf": dict(depth=23, w_0=320, w_a=69.86, w_m=2.0, group_width=168),
}

# torchvision's published parameter counts, checked here
KNOWN_PARAMS = {"resnet18": 11689512, "resnet50": 25557032, "regnet_y_400mf": 4344144, "regnet_x_400mf": 5495976}


@contextmanager
def no_init():
    """Makes torch.nn.init's in-place initialisers and Conv/Linear.reset_parameters no-ops (weights stay as
    torch.empty left them)."""
    saved = []
    for name in dir(nn.init):
        fn = getattr(nn.init, name)
        if name.endswith("_") and not name.startswith("_") and callable(fn):
            saved.append((nn.init, name, fn))
            setattr(nn.init, name, lambda tensor, *args, **kwargs: tensor)
    for cls in (nn.modules.conv._ConvNd, nn.Linear):
        saved.append((cls, "reset_parameters", cls.reset_parameters))
        cls.reset_parameters = lambda self: None
    try:
        yield
    finally:
        for owner, name, fn in reversed(saved):
            setattr(owner, name, fn)


def count_flops(model, x=None):
    """2 x MACs of every Conv2d and Linear on `x` (default: one zero 3x224x224 image), by forward hooks."""
    total = [0]

    def conv_hook(m, inputs, out):
        kh, kw = m.kernel_size
        total[0] += 2 * out.numel() * (m.in_channels // m.groups) * kh * kw

    def linear_hook(m, inputs, out):
        rows = out.numel() // m.out_features
        total[0] += 2 * rows * m.in_features * m.out_features

    handles = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224) if x is None else x)
    for h in handles:
        h.remove()
    return total[0]


def block_params(name, model):
    """The builder's BlockParams as JSON, checked against the stages of the built model."""
    p = BlockParams.from_init_params(**BLOCK_ARGS[name])
    stages = list(model.trunk_output.children())
    assert len(stages) == len(p.depths), name
    for stage, depth, width, gw, bm, stride in zip(
        stages, p.depths, p.widths, p.group_widths, p.bottleneck_multipliers, p.strides
    ):
        blocks = list(stage.children())
        assert len(blocks) == depth, name
        first = blocks[0]
        w_b = int(round(width * bm))
        conv_b = first.f.b[0]
        assert first.f.c[0].out_channels == width and conv_b.out_channels == w_b, name
        assert conv_b.groups == w_b // gw and conv_b.stride == (stride, stride), name
        assert hasattr(first.f, "se") == bool(p.se_ratio), name
    return {
        "depths": list(p.depths),
        "widths": list(p.widths),
        "groupWidths": list(p.group_widths),
        "bottleneckMultipliers": list(p.bottleneck_multipliers),
        "strides": list(p.strides),
        "seRatio": p.se_ratio,
    }


def main():
    start = time.time()
    records = {}
    for name in BUILDERS:
        t0 = time.time()
        with no_init():
            model = getattr(models, name)()
        record = {
            "params": sum(p.numel() for p in model.parameters()),
            "state": [[key, list(t.shape)] for key, t in model.state_dict().items()],
        }
        if name.startswith("regnet"):
            record["blockParams"] = block_params(name, model)
        record["flops"] = count_flops(model)
        if name in WITH_REPR:
            record["repr"] = str(model)
        if name in KNOWN_PARAMS:
            assert record["params"] == KNOWN_PARAMS[name], (name, record["params"])
        records[name] = record
        print(f"{name:18s} params {record['params']:>11,}  keys {len(record['state']):4d}  "
              f"GFLOPs {record['flops'] / 1e9:8.3f}  ({time.time() - t0:.1f} s)", flush=True)
        del model
        gc.collect()

    data = {"torch": torch.__version__, "torchvision": torchvision.__version__, "input": [1, 3, 224, 224],
            "models": records}
    raw = json.dumps(data, separators=(",", ":")).encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(raw, mtime=0))
    print(f"{OUT.name}: {len(records)} models, {len(raw)} bytes of JSON, {OUT.stat().st_size} gzipped "
          f"({time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
