"""The PyTorch twin of apps/bench's `nn` suite (`pnpm bench --suite nn`), for quoting @bn's figures beside PyTorch's
on the same machine: the suite's small CNN forward as modules (cases `cnn 32 b32 train|eval modules` and
`cnn 8 b1 train modules`), and an ensemble of 4 of them in training under functorch's vmap(functional_call) against
a loop over the members (`ensemble of 4 cnn 32 b16 train vmap|loop`). One thread. Figures only.
Run with Debian's torch: /usr/bin/python3 tools/bench/nn_torch.py"""
import copy

import torch
from functorch import combine_state_for_ensemble, vmap
from torch import nn

from timing import measure

torch.set_num_threads(1)
WIDTHS = [3, 16, 32, 32]


def make_net(**bn):
    layers = []
    for i, out in enumerate(WIDTHS[1:]):
        layers += [nn.Conv2d(WIDTHS[i], out, 3, stride=2 if i == 1 else 1, padding=1, bias=False),
                   nn.BatchNorm2d(out, **bn), nn.ReLU()]
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(WIDTHS[-1], 10)]
    return nn.Sequential(*layers)


def main():
    torch.manual_seed(0)
    print(f"PyTorch {torch.__version__}, one thread, median of 15 timed runs after warm-up")
    with torch.no_grad():
        net = make_net()
        x = torch.randn(32, 3, 32, 32)
        for mode in ("train", "eval"):
            getattr(net, mode)()
            print(f"net forward [32, 3, 32, 32], {mode}: {measure(lambda: net(x), 3, 15):.3f} ms")
        tiny = torch.randn(1, 3, 8, 8)
        net.train()
        print(f"net forward [1, 3, 8, 8], train: {measure(lambda: net(tiny), 200, 2001):.3f} ms")

        # the ensemble: the members' states stacked, one vmapped functional call
        members = [make_net() for _ in range(4)]
        xs = torch.randn(16, 3, 32, 32)
        fmodel, params, buffers = combine_state_for_ensemble([copy.deepcopy(m) for m in members])
        try:
            ensemble = measure(lambda: vmap(fmodel, in_dims=(0, 0, None))(params, buffers, xs), 3, 15)
            ensemble_text = f"{ensemble:.3f} ms"
        except Exception as e:  # noqa: BLE001 - functorch 1.13 may refuse; say so
            ensemble = None
            ensemble_text = f"fails: {type(e).__name__}: {str(e).splitlines()[0]}"
        loop = measure(lambda: [m(xs) for m in members], 3, 15)
        print(f"ensemble of 4, [16, 3, 32, 32], train: vmap {ensemble_text}, loop over members {loop:.3f} ms"
              + (f", ratio vmap/loop {ensemble / loop:.3f}" if ensemble else ""))


if __name__ == "__main__":
    main()
