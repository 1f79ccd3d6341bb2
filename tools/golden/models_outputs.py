"""Forward outputs of torchvision's resnet18, regnet_y_400mf and regnet_x_400mf with formula weights, for @bn/models'
output tests (packages/models/test/), which rebuild each model, fill the same weights and input from the hash below
and compare.

Writes `packages/models/test/fixtures/outputs.json.gz` (gzip, mtime 0, of compact JSON):
    {"torch", "torchvision", "formula": {the constants below, as text and numbers},
     "models": {<builder>: {<case>: {"inputShape": [...], "output": enc(out)}}}}
Weights (no file needed on the TypeScript side): hash(s, i) for stream s and element i, uint32 arithmetic mod 2^32:
    x = (i * 0x9E3779B1 + s * 0x85EBCA77) mod 2^32
    x ^= x >> 16;  x = (x * 0x7FEB352D) mod 2^32
    x ^= x >> 15;  x = (x * 0x846CA68B) mod 2^32
    x ^= x >> 16
    u(s, i) = (x >> 8) / 2**24   (in [0, 1), exact)
model.state_dict() entry number k (0-based, buffers included) uses stream s = k + 1, element i its row-major index;
value computed in float64, then stored as float32:
    *num_batches_tracked      unchanged
    *running_mean             0.1 * (2u - 1)
    *running_var              0.5 + u
    *weight, ndim >= 2        (2u - 1) * sqrt(3 / fan_in), fan_in = numel / shape[0]
    *weight, ndim == 1        1 + 0.2 * (2u - 1)
    *bias                     0.1 * (2u - 1)
Inputs: stream 1000003, element i row-major, (2u - 1) * sqrt(3) as float32.
Cases (each: torch.manual_seed(0), build with 1000 classes, fill, then the change; all under torch.no_grad()):
    eval           model.eval(); model(x), x [4, 3, 64, 64]
    train_patched  functorch.experimental.replace_all_batch_norm_modules_(model); model.train(); model(x)
    groupnorm      built with norm_layer=lambda c: nn.GroupNorm(math.gcd(32, c), c), filled from its own state dict;
                   model.train(); model(x)
    vmap           replace_all_batch_norm_modules_(model); model.train(); functorch.vmap(model)(x5),
                   x5 [2, 4, 3, 64, 64] (the same input formula on the 5-D shape, so x5[0] == x)
                   (checked here against a python loop over the 2 groups: atol 1e-5 in float64, 1e-3 in float32)
Each case also runs in float64 (same weights and input, cast) and prints how far the float32 output is from it.
"""
import gzip
import json
import math
import time
from pathlib import Path

import functorch
import numpy as np
import torch
import torchvision
from functorch.experimental import replace_all_batch_norm_modules_
from torch import nn
from torchvision import models

from common import enc

OUT = Path(__file__).resolve().parents[2] / "packages" / "models" / "test" / "fixtures" / "outputs.json.gz"

MASK = 0xFFFFFFFF
M_I, M_S, M_1, M_2 = 0x9E3779B1, 0x85EBCA77, 0x7FEB352D, 0x846CA68B
INPUT_STREAM = 1000003
MODELS = ["resnet18", "regnet_y_400mf", "regnet_x_400mf"]
X_SHAPE = [4, 3, 64, 64]
X5_SHAPE = [2, 4, 3, 64, 64]
CASES = ["eval", "train_patched", "groupnorm", "vmap"]


def hash_py(s, i):
    """Plain-int reference of the hash."""
    x = (i * M_I + s * M_S) & MASK
    x ^= x >> 16
    x = (x * M_1) & MASK
    x ^= x >> 15
    x = (x * M_2) & MASK
    x ^= x >> 16
    return x


def u_py(s, i):
    return (hash_py(s, i) >> 8) / 2**24


def hash_np(s, n):
    """hash(s, i) for i = 0..n-1, vectorised in uint64 with masking (every product stays below 2^64)."""
    mask = np.uint64(MASK)
    i = np.arange(n, dtype=np.uint64)
    x = (i * np.uint64(M_I) + np.uint64((s * M_S) & MASK)) & mask
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(M_1)) & mask
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(M_2)) & mask
    x ^= x >> np.uint64(16)
    return x


def u_np(s, n):
    """u(s, i) for i = 0..n-1 as float64 (exact: 24-bit integers over 2^24)."""
    return (hash_np(s, n) >> np.uint64(8)).astype(np.float64) / 2.0**24


def formula_value(key, shape, s):
    """The formula tensor (float32) for state-dict entry `key` of `shape` with stream `s`; None: leave unchanged."""
    n = int(np.prod(shape, dtype=np.int64))
    if key.endswith("num_batches_tracked"):
        return None
    u = u_np(s, n)
    if key.endswith("running_mean"):
        v = 0.1 * (2 * u - 1)
    elif key.endswith("running_var"):
        v = 0.5 + u
    elif key.endswith("weight") and len(shape) >= 2:
        fan_in = n / shape[0]
        v = (2 * u - 1) * math.sqrt(3 / fan_in)
    elif key.endswith("weight") and len(shape) == 1:
        v = 1 + 0.2 * (2 * u - 1)
    elif key.endswith("bias"):
        v = 0.1 * (2 * u - 1)
    else:
        raise ValueError(f"no formula for state-dict key {key}")
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def fill(model):
    """Overwrites every state-dict entry (but num_batches_tracked) with its formula values, in place."""
    with torch.no_grad():
        for k, (key, t) in enumerate(model.state_dict().items()):
            v = formula_value(key, list(t.shape), k + 1)
            if v is not None:
                assert v.dtype == t.dtype, key
                t.copy_(v)


def formula_input(shape):
    n = int(np.prod(shape))
    return torch.from_numpy(((2 * u_np(INPUT_STREAM, n) - 1) * math.sqrt(3)).astype(np.float32).reshape(shape))


def check_hash():
    """The vectorised hash against the plain-int one, on a few streams and indices (including large ones)."""
    for s in (1, 2, 7, 123, INPUT_STREAM, 2**32 - 1):
        xs = hash_np(s, 70000)
        us = u_np(s, 70000)
        for i in (0, 1, 2, 3, 255, 4096, 65535, 69999):
            assert int(xs[i]) == hash_py(s, i), (s, i)
            assert float(us[i]) == u_py(s, i), (s, i)
    big = 2**26 + 12345  # beyond any state entry here: i * M_I still fits in uint64
    assert int(hash_np(5, big + 1)[big]) == hash_py(5, big)
    # the stored weights equal the float64 formula rounded once to float32
    w = formula_value("layer.weight", [3, 2, 3, 3], 9).reshape(-1)
    for i in (0, 17, 53):
        expected = (2 * u_py(9, i) - 1) * math.sqrt(3 / 18)
        assert float(w[i]) == float(np.float32(expected))


def build(name, norm_layer=None):
    torch.manual_seed(0)
    kwargs = {} if norm_layer is None else {"norm_layer": norm_layer}
    model = getattr(models, name)(**kwargs)
    fill(model)
    return model


def group_norm(c):
    return nn.GroupNorm(math.gcd(32, c), c)


def run_case(name, case, x, x5, dtype=torch.float32):
    """The case's output; with dtype float64 the same filled model and input are cast (a reference for how far
    float32 rounding moves the outputs). For "vmap", also checks functorch.vmap against a loop over the groups."""
    model = build(name, norm_layer=group_norm if case == "groupnorm" else None).to(dtype)
    x, x5 = x.to(dtype), x5.to(dtype)
    if case == "eval":
        model.eval()
        return model(x)
    if case != "groupnorm":
        replace_all_batch_norm_modules_(model)
    model.train()
    if case != "vmap":
        return model(x)
    out = functorch.vmap(model)(x5)
    loop = torch.stack([model(x5[g]) for g in range(x5.shape[0])])
    diff = (out - loop).abs().max().item()
    # float64: vmap equals the loop to 1e-5 (and far below). float32: both differ from float64 by up to ~3e-4 on the
    # RegNets (batch statistics over 4 x 2 x 2 values in the last stage amplify rounding), so 1e-3 there.
    atol = 1e-5 if dtype == torch.float64 else 1e-3
    assert diff <= atol, (name, str(dtype), diff)
    print(f"{name:15s} vmap vs loop over groups ({str(dtype)[6:]}): max |diff| {diff:.3g} <= {atol:g}")
    return out


def describe(out):
    rows = out.reshape(-1, out.shape[-1])
    identical = bool(torch.all(rows == rows[0]).item())
    return (f"max |out| {out.abs().max().item():.4g}, std {out.std().item():.4g}, "
            f"row spread {(rows - rows.mean(0)).abs().max().item():.4g}{', ALL ROWS IDENTICAL' if identical else ''}")


def main():
    start = time.time()
    check_hash()
    x = formula_input(X_SHAPE)
    x5 = formula_input(X5_SHAPE)
    assert torch.equal(x5[0], x), "the 5-D input starts with the 4-D one (same formula, same row-major indices)"
    results = {}
    with torch.no_grad():
        for name in MODELS:
            results[name] = {}
            for case in CASES:
                out = run_case(name, case, x, x5)
                ref = run_case(name, case, x, x5, torch.float64)
                assert torch.isfinite(out).all(), (name, case)
                err = (out.double() - ref).abs().max().item()
                print(f"{name:15s} {case:14s} {list(out.shape)}: {describe(out)}; float32 vs float64 {err:.3g}")
                shape = X5_SHAPE if case == "vmap" else X_SHAPE
                results[name][case] = {"inputShape": shape, "output": enc(out)}

    data = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "formula": {
            "hash": [
                "x = (i * 0x9E3779B1 + s * 0x85EBCA77) mod 2^32",
                "x ^= x >> 16; x = (x * 0x7FEB352D) mod 2^32",
                "x ^= x >> 15; x = (x * 0x846CA68B) mod 2^32",
                "x ^= x >> 16",
                "u(s, i) = (x >> 8) / 2^24",
            ],
            "multipliers": [M_I, M_S, M_1, M_2],
            "stream": "state-dict entry k (0-based, buffers included) uses s = k + 1; element i is row-major",
            "values": {
                "num_batches_tracked": "unchanged",
                "running_mean": "0.1 * (2u - 1)",
                "running_var": "0.5 + u",
                "weight (ndim >= 2)": "(2u - 1) * sqrt(3 / fan_in), fan_in = numel / shape[0]",
                "weight (ndim == 1)": "1 + 0.2 * (2u - 1)",
                "bias": "0.1 * (2u - 1)",
            },
            "precision": "computed in float64, stored as float32",
            "inputStream": INPUT_STREAM,
            "input": "(2u - 1) * sqrt(3), float32, element i row-major over the input shape",
            "groupnorm": "norm_layer = lambda c: GroupNorm(gcd(32, c), c)",
        },
        "models": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress((json.dumps(data, separators=(",", ":")) + "\n").encode(), mtime=0))
    print(f"{OUT.name}: {OUT.stat().st_size} bytes ({time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
