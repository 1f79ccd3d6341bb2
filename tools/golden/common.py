"""Shared helpers for the fixture generators: run an op in real PyTorch and record inputs, params and outputs.

Each `<family>.py` beside this file writes `packages/tensor/test/fixtures/<family>.json`; the TypeScript runner
`packages/tensor/test/runners/<family>.ts` replays every case through @bn/tensor and compares. (`vmap.py` records
vmap scenarios for @bn/vmap instead, into `packages/vmap/test/fixtures/vmap.json`; `nn_<topic>.py` write
`packages/nn/test/fixtures/<topic>.json` for @bn/nn, `patch.py` writes `packages/patch/test/fixtures/patch.json`,
`models_<topic>.py` write torchvision's facts and outputs into `packages/models/test/fixtures/` and `optim.py` writes
torch.optim's steps into `packages/optim/test/fixtures/optim.json.gz`.)
Run with Debian's torch: `/usr/bin/python3 tools/golden/<family>.py` (or `tools/golden/generate.sh` for all).
"""
import json
import math
import struct
import sys
from pathlib import Path

import torch

FIXTURES = Path(__file__).resolve().parents[2] / "packages" / "tensor" / "test" / "fixtures"

DTYPES = {torch.float32: "float32", torch.int32: "int32", torch.int64: "int32", torch.bool: "bool"}

# Which @bn error class a PyTorch exception corresponds to, decided by the case (torch raises RuntimeError,
# IndexError or ValueError for most of them).


def num(v):
    """A JSON-safe number: nan and infinities become strings."""
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def enc(t):
    """A tensor as {shape, dtype, data} with data row-major."""
    t = t.detach()
    if t.dtype not in DTYPES:
        raise TypeError(f"unsupported dtype {t.dtype}")
    if t.dtype == torch.int64:
        t = t.to(torch.int32)
    flat = t.contiguous().reshape(-1).tolist()
    return {"shape": list(t.shape), "dtype": DTYPES[t.dtype], "data": [num(v) for v in flat]}


def apply_view(t, ops):
    """Applies view ops given as lists: ["permute", dims], ["transpose", d0, d1], ["slice", dim, start, end, step],
    ["expand", shape], ["select", dim, index], ["unsqueeze", dim]. Same meaning as @bn's methods."""
    for op in ops:
        name, args = op[0], op[1:]
        if name == "permute":
            t = t.permute(*args[0])
        elif name == "transpose":
            t = t.transpose(args[0], args[1])
        elif name == "slice":
            dim, start, end, step = args
            idx = [slice(None)] * t.dim()
            idx[dim] = slice(start, end, step)
            t = t[tuple(idx)]
        elif name == "expand":
            t = t.expand(*args[0])
        elif name == "select":
            t = t.select(args[0], args[1])
        elif name == "unsqueeze":
            t = t.unsqueeze(args[0])
        else:
            raise ValueError(f"unknown view op {name}")
    return t


class Input:
    """A case input: a base tensor and the view ops that turn it into the op's (possibly strided) argument."""

    def __init__(self, base, view=()):
        self.base = base
        self.view = [list(v) for v in view]
        self.tensor = apply_view(base, self.view)

    def spec(self):
        out = {"base": enc(self.base)}
        if self.view:
            out["view"] = self.view
        return out


class Fixture:
    def __init__(self, family, directory=FIXTURES):
        """`directory`: where `save` writes `<family>.json` (another package's fixtures folder)."""
        self.family = family
        self.directory = directory
        self.cases = []

    def case(self, op, name, inputs, params, fn, error=None, rtol=None, atol=None):
        """Records `fn(*tensors)` (a tensor, a tuple of tensors) for @bn's runner `op`.

        `inputs` are Input objects, plain tensors (contiguous) or None; `params` is JSON passed to the runner.
        With `error` ("ShapeError", "DTypeError", "IndexError", "ValueError", "RuntimeError"), PyTorch must raise
        and @bn must throw that class."""
        ins = [i if (i is None or isinstance(i, Input)) else Input(i) for i in inputs]
        # in-place ops mutate their inputs: record the inputs before running
        specs = [None if i is None else i.spec() for i in ins]
        args = [None if i is None else i.tensor for i in ins]
        record = {"op": op, "name": name, "inputs": specs, "params": params}
        if rtol is not None:
            record["rtol"] = rtol
        if atol is not None:
            record["atol"] = atol
        if error is not None:
            try:
                fn(*args)
            except Exception as e:  # noqa: BLE001 - any torch error is what we want
                record["error"] = {"type": error, "torch": f"{type(e).__name__}: {str(e).splitlines()[0]}"}
            else:
                raise AssertionError(f"{op}/{name}: PyTorch did not raise")
        else:
            out = fn(*args)
            outs = list(out) if isinstance(out, (tuple, list)) else [out]
            record["outputs"] = [enc(o) for o in outs]
        self.cases.append(record)

    def save(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{self.family}.json"
        data = {"family": self.family, "torch": torch.__version__, "cases": self.cases}
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n")
        print(f"{path.name}: {len(self.cases)} cases, {path.stat().st_size} bytes")


def randn(*shape, seed=None):
    if seed is not None:
        torch.manual_seed(seed)
    return torch.randn(*shape, dtype=torch.float32)


def ints(*shape, lo=-5, hi=6):
    """int64 values in [lo, hi): recorded as int32."""
    return torch.randint(lo, hi, shape)


def bools(*shape):
    return torch.rand(*shape) > 0.5


# ---- safetensors files, written by hand (struct + json) as Hugging Face's serializer does: u64 little-endian
# header length, compact UTF-8 JSON header padded with spaces to a multiple of 8 bytes, little-endian data.

NUMPY_DTYPE = {torch.float32: "<f4", torch.int64: "<i8", torch.int32: "<i4", torch.bool: "|u1"}
SAFETENSORS_DTYPE = {
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
    torch.bool: "BOOL",
}


def raw_bytes(t):
    """The tensor's values, row-major, little-endian."""
    assert sys.byteorder == "little", "the data buffer is written in native (little-endian) byte order"
    flat = t.contiguous().reshape(-1)
    if t.dtype in (torch.float16, torch.bfloat16):
        return flat.view(torch.int16).numpy().astype("<i2").tobytes()
    return flat.numpy().astype(NUMPY_DTYPE[t.dtype]).tobytes()


def write_safetensors(path, tensors, metadata=None, data_order=None):
    """`tensors`: (name, tensor) in header order; `data_order`: the names in the order their bytes are laid out
    (the header's order when omitted), so a file can list tensors in another order than their data."""
    data_order = data_order or [name for name, _ in tensors]
    by_name = dict(tensors)
    offsets, chunks, position = {}, [], 0
    for name in data_order:
        chunk = raw_bytes(by_name[name])
        offsets[name] = [position, position + len(chunk)]
        chunks.append(chunk)
        position += len(chunk)
    header = {} if metadata is None else {"__metadata__": metadata}
    for name, t in tensors:
        header[name] = {"dtype": SAFETENSORS_DTYPE[t.dtype], "shape": list(t.shape), "data_offsets": offsets[name]}
    header_bytes = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    header_bytes += b" " * ((8 - len(header_bytes) % 8) % 8)
    path.write_bytes(struct.pack("<Q", len(header_bytes)) + header_bytes + b"".join(chunks))
    print(f"{path.name}: {len(tensors)} tensors, {path.stat().st_size} bytes")
