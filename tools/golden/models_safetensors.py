"""A small real torchvision RegNet saved as safetensors, for @bn/models' loading tests (packages/models/test/: load
the file into the same architecture built with @bn/models and compare its forward with PyTorch's).

Writes `packages/models/test/fixtures/regnet_tiny.safetensors`: the state_dict of
    RegNet(BlockParams.from_init_params(depth=6, w_0=16, w_a=8.0, w_m=2.0, group_width=8, se_ratio=0.25),
           num_classes=10, stem_width=16)
(3 stages [16, 32, 64] of depths [1, 3, 2]: projections, grouped 3x3 convs, squeeze-excitation) built after
torch.manual_seed(0) with torchvision's default init, then run in train mode on 3 seeded randn([8, 3, 32, 32])
batches so the BatchNorm running stats are real. float32 weights and stats, num_batches_tracked as int64 (as
PyTorch holds them, like nn_module.py's module.safetensors), in state_dict order.
And `regnet_tiny.json`:
    {"torch", "torchvision", "blockParamsArgs": {"depth", "w0", "wA", "wM", "groupWidth", "seRatio"},
     "blockParams": {"depths", "widths", "groupWidths", "bottleneckMultipliers", "strides", "seRatio"},
     "numClasses", "stemWidth", "state": [[key, shape, dtype], ...],
     "input": enc(x) (randn [2, 3, 32, 32], seed 4), "evalOutput": enc(model.eval()(x)),
     "trainOutput": enc(copy.train()(x)) (a copy, so the file keeps the stats from before this step),
     "trainRunningMean", "trainRunningVar": the copy's stem.1 running_mean / running_var after that step}
"""
import copy
import json
from pathlib import Path

import torch
import torchvision
from torchvision.models.regnet import BlockParams, RegNet

from common import enc, write_safetensors

OUT = Path(__file__).resolve().parents[2] / "packages" / "models" / "test" / "fixtures"

ARGS = dict(depth=6, w_0=16, w_a=8.0, w_m=2.0, group_width=8, se_ratio=0.25)
NUM_CLASSES = 10
STEM_WIDTH = 16


def main():
    params = BlockParams.from_init_params(**ARGS)
    assert 2 <= len(params.depths) <= 3, vars(params)
    torch.manual_seed(0)
    model = RegNet(params, num_classes=NUM_CLASSES, stem_width=STEM_WIDTH)
    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    assert any(m.groups > 1 for m in convs), "grouped convolutions"
    assert any(name.endswith(".proj") for name, _ in model.named_modules()), "a projection shortcut"
    assert any(name.endswith(".se") for name, _ in model.named_modules()), "squeeze-excitation"

    with torch.no_grad():
        model.train()
        torch.manual_seed(1)
        for _ in range(3):
            model(torch.randn(8, 3, 32, 32))

        torch.manual_seed(4)
        x = torch.randn(2, 3, 32, 32)
        model.eval()
        eval_out = model(x)
        trained = copy.deepcopy(model)
        trained.train()
        train_out = trained(x)
        stem_bn = trained.stem[1]

    state = list(model.state_dict().items())
    assert all(t.dtype == (torch.int64 if k.endswith("num_batches_tracked") else torch.float32) for k, t in state)
    assert int(model.stem[1].num_batches_tracked) == 3 and int(stem_bn.num_batches_tracked) == 4
    OUT.mkdir(parents=True, exist_ok=True)
    write_safetensors(OUT / "regnet_tiny.safetensors", state)

    data = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "blockParamsArgs": {
            "depth": ARGS["depth"],
            "w0": ARGS["w_0"],
            "wA": ARGS["w_a"],
            "wM": ARGS["w_m"],
            "groupWidth": ARGS["group_width"],
            "seRatio": ARGS["se_ratio"],
        },
        "blockParams": {
            "depths": list(params.depths),
            "widths": list(params.widths),
            "groupWidths": list(params.group_widths),
            "bottleneckMultipliers": list(params.bottleneck_multipliers),
            "strides": list(params.strides),
            "seRatio": params.se_ratio,
        },
        "numClasses": NUM_CLASSES,
        "stemWidth": STEM_WIDTH,
        "params": sum(p.numel() for p in model.parameters()),
        "state": [[k, list(t.shape), str(t.dtype)[6:]] for k, t in state],
        "input": enc(x),
        "evalOutput": enc(eval_out),
        "trainOutput": enc(train_out),
        "trainRunningMean": enc(stem_bn.running_mean),
        "trainRunningVar": enc(stem_bn.running_var),
    }
    path = OUT / "regnet_tiny.json"
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"blockParams {data['blockParams']}, {data['params']} params, {len(state)} state entries")
    print(f"eval max |out| {eval_out.abs().max().item():.4g}, train max |out| {train_out.abs().max().item():.4g}")
    print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
