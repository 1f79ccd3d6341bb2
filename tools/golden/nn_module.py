"""Module behaviour of a small net in PyTorch: repr, walks and their order, state-dict keys, load_state_dict's
error text, and forward in training and evaluation. Writes packages/nn/test/fixtures/module.json for
packages/nn/test/module.test.ts, which builds the same net with @bn/nn."""
import json
from pathlib import Path

import torch
from torch import nn

from common import enc, write_safetensors

OUT = Path(__file__).resolve().parents[2] / "packages" / "nn" / "test" / "fixtures" / "module.json"


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=2), nn.GroupNorm(2, 8), nn.SiLU(),
        )
        self.blocks = nn.ModuleList([nn.LayerNorm([8, 4, 4], elementwise_affine=False), nn.BatchNorm2d(8, momentum=None)])
        self.heads = nn.ModuleDict({"pool": nn.AdaptiveAvgPool2d(1), "flat": nn.Flatten(), "fc": nn.Linear(8, 5)})

    def forward(self, x):
        x = self.features(x)
        for block in self.blocks:
            x = block(x)
        return self.heads["fc"](self.heads["flat"](self.heads["pool"](x)))


def main():
    torch.manual_seed(0)
    net = Net()
    # non-trivial affine parameters and running stats, so loading them is visible
    with torch.no_grad():
        for name, t in net.named_parameters():
            if name.endswith(("bn.weight", "1.weight", "4.weight")) and t.dim() == 1:
                t.uniform_(0.5, 1.5)
            elif t.dim() == 1:
                t.uniform_(-0.5, 0.5)
        net.features[1].running_mean.uniform_(-0.2, 0.2)
        net.features[1].running_var.uniform_(0.5, 2.0)
    state = {k: enc(v) for k, v in net.state_dict().items()}
    # the same state as PyTorch holds it (num_batches_tracked is int64), in a safetensors file
    write_safetensors(OUT.parent / "module.safetensors", list(net.state_dict().items()))
    x = torch.randn(4, 3, 8, 8)
    net.eval()
    eval_out = net(x)
    net.train()
    train_out = [net(x), net(x * 0.5 + 1)]
    after = {k: enc(v) for k, v in net.state_dict().items() if "running" in k or "num_batches" in k}

    bad = dict(net.state_dict())
    del bad["heads.fc.bias"]
    bad["features.0.weight"] = torch.zeros(8, 3, 5, 5)
    bad["extra.weight"] = torch.zeros(1)
    try:
        Net().load_state_dict(bad)
        raise AssertionError("load_state_dict accepted a bad state dict")
    except RuntimeError as e:
        load_error = str(e)

    data = {
        "torch": torch.__version__,
        "repr": repr(net),
        "namedModules": [[p, type(m).__name__] for p, m in net.named_modules()],
        "namedParameters": [p for p, _ in net.named_parameters()],
        "namedBuffers": [p for p, _ in net.named_buffers()],
        "stateDictShapes": [[k, list(v.shape)] for k, v in net.state_dict().items()],
        "state": state,
        "input": enc(x),
        "evalOutput": enc(eval_out),
        "trainOutputs": [enc(o) for o in train_out],
        "stateAfterTraining": after,
        "loadError": load_error,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{OUT.name}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
