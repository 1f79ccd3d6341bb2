"""Fixtures for @bn/patch from functorch (torch 1.13): `replace_all_batch_norm_modules_` on a small net (nested
Sequentials, BatchNorm1d/2d, one BatchNorm with affine=False, one already without running stats), and the
BatchNorm -> GroupNorm replacement (Opacus's fixer, with eps and the affine weights carried over as @bn does).

Writes `packages/patch/test/fixtures/patch.json`, read by packages/patch/test/*.test.ts. Every tensor is recorded
with `enc`; the net's weights are recorded before anything runs, so @bn loads the same net with `loadStateDict`.
"""
import json
import math
from pathlib import Path

import torch
import torch.nn as nn
from functorch import vmap
from functorch.experimental import replace_all_batch_norm_modules_

from common import enc, randn

torch.set_num_threads(1)  # one summation order, so the file is byte-reproducible
OUT = Path(__file__).resolve().parents[2] / "packages" / "patch" / "test" / "fixtures" / "patch.json"

BATCH_NORMS = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)


def make_net():
    """The net @bn builds in packages/patch/test/net.ts, module for module."""
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1),
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.Sequential(
            nn.Conv2d(8, 8, 3, padding=1, bias=False),
            nn.BatchNorm2d(8, affine=False),
            nn.ReLU(),
            nn.Sequential(nn.BatchNorm2d(8, eps=1e-3, momentum=None)),
        ),
        nn.BatchNorm2d(8, track_running_stats=False),
        nn.Flatten(),
        nn.Linear(128, 16),
        nn.BatchNorm1d(16),
        nn.ReLU(),
        nn.Linear(16, 4),
    )


def seeded_net():
    """The net with seeded weights, and random affine weights and biases for its BatchNorms (not ones and zeros,
    so that carrying them over is visible)."""
    torch.manual_seed(0)
    net = make_net()
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, BATCH_NORMS) and m.affine:
                m.weight.copy_(torch.randn(m.num_features) * 0.5 + 1)
                m.bias.copy_(torch.randn(m.num_features) * 0.5)
    return net


def state(net):
    return {k: enc(v) for k, v in net.state_dict().items()}


def bn_report(net):
    """Per BatchNorm: its path, track_running_stats, and which of its buffers are None."""
    return [
        {
            "path": path,
            "track_running_stats": m.track_running_stats,
            "none_buffers": [k for k in ("running_mean", "running_var", "num_batches_tracked") if getattr(m, k) is None],
        }
        for path, m in net.named_modules()
        if isinstance(m, nn.modules.batchnorm._BatchNorm)
    ]


def first_line_error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the text is what is recorded
        return str(e).splitlines()[0]
    raise AssertionError("expected an error")


def replace_all_case(x, xb):
    net = seeded_net()
    weights = state(net)
    out_before = net(x)  # training mode: batch statistics, running stats updated
    running_stats = {k: enc(v) for k, v in net.named_buffers()}
    vmap_error = first_line_error(lambda: vmap(seeded_net())(xb))
    returned = replace_all_batch_norm_modules_(net)
    assert returned is net
    return {
        "weights": weights,
        "train_out_before": enc(out_before),
        "buffers_after_forward": running_stats,
        "vmap_error_before": vmap_error,
        "keys_after": list(net.state_dict().keys()),
        "batch_norms_after": bn_report(net),
        "repr_after": repr(net),
        "train_out_after": enc(net(x)),
        "eval_out_after": enc(net.eval()(x)),
        "vmap_out_after": enc(vmap(net.train())(xb)),
    }


def to_group_norm(bn, groups):
    """Opacus's `_batchnorm_to_groupnorm` with `groups` groups, plus eps and the affine weights carried over."""
    gn = nn.GroupNorm(groups, bn.num_features, eps=bn.eps, affine=bn.affine)
    if bn.affine:
        with torch.no_grad():
            gn.weight.copy_(bn.weight)
            gn.bias.copy_(bn.bias)
    return gn


def replace_with_group_norm(net, groups_of):
    """Opacus's ModuleValidator.fix for BatchNorm1d/2d/3d: each one, found by path, replaced in its parent."""
    for path in [p for p, m in net.named_modules() if isinstance(m, BATCH_NORMS)]:
        parent_path, _, name = path.rpartition(".")
        parent = net.get_submodule(parent_path)
        bn = parent._modules[name]
        parent._modules[name] = to_group_norm(bn, groups_of(bn.num_features))
    return net


def group_norm_net_cases(x, xb):
    variants = {
        "default": lambda c: math.gcd(32, c),
        "number": lambda c: 2,
        "function": lambda c: c // 4,
    }
    cases = []
    for name, groups_of in variants.items():
        net = replace_with_group_norm(seeded_net(), groups_of)
        cases.append(
            {
                "variant": name,
                "keys": list(net.state_dict().keys()),
                "repr": repr(net),
                "train_out": enc(net(x)),
                "vmap_out": enc(vmap(net)(xb)),
            }
        )
    return cases


def group_norm_channel_cases():
    """A BatchNorm2d(C) alone becomes GroupNorm(gcd(32, C), C): C in {8, 48, 64, 96}."""
    cases = []
    for i, c in enumerate((8, 48, 64, 96)):
        torch.manual_seed(100 + i)
        bn = nn.BatchNorm2d(c)
        with torch.no_grad():
            bn.weight.copy_(torch.randn(c) * 0.5 + 1)
            bn.bias.copy_(torch.randn(c) * 0.5)
        x = torch.randn(2, c, 2, 2)
        gn = to_group_norm(bn, math.gcd(32, c))
        cases.append(
            {
                "channels": c,
                "num_groups": gn.num_groups,
                "weight": enc(bn.weight),
                "bias": enc(bn.bias),
                "input": enc(x),
                "repr": repr(gn),
                "out": enc(gn(x)),
            }
        )
    return cases


def main():
    x = randn(4, 3, 4, 4, seed=1)
    xb = randn(3, 4, 3, 4, 4, seed=2)  # 3 members, each a batch of 4
    data = {
        "torch": torch.__version__,
        "input": enc(x),
        "batched_input": enc(xb),
        "replace_all": replace_all_case(x, xb),
        "group_norm_nets": group_norm_net_cases(x, xb),
        "group_norm_channels": group_norm_channel_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{OUT.name}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
