"""Golden safetensors files for @bn/nn's loadSafetensors, written from PyTorch tensors by hand (struct + json, the
`safetensors` package is not installed) the way Hugging Face's serializer does: u64 little-endian header length,
compact UTF-8 JSON header padded with spaces to a multiple of 8 bytes, then the little-endian data buffer.

Writes `packages/nn/test/fixtures/golden.safetensors` (every dtype @bn reads, a 0-d and an empty tensor,
`__metadata__`), `i64_out_of_range.safetensors` (an I64 value that int32 cannot hold) and `safetensors.json` with the
values @bn must produce: floats as torch converts them (`t.float()`), I64 as int32.
"""
import json
from pathlib import Path

import torch

from common import SAFETENSORS_DTYPE, enc, randn, write_safetensors

OUT = Path(__file__).resolve().parents[2] / "packages" / "nn" / "test" / "fixtures"

inf, nan = float("inf"), float("nan")
# values that stress the half/bfloat16 conversions: signed zeros, infinities, nan, subnormals, rounding to inf
specials = torch.tensor([0.0, -0.0, inf, -inf, nan, 6e-8, -3e-6, 1e-5, 65504.0, 70000.0, 1e-40, -3e38])

tensors = [
    ("layer.0.weight", randn(2, 3, seed=0)),
    ("half", torch.cat([randn(7, seed=1), specials]).half().reshape(1, 19)),
    ("bfloat16", torch.cat([randn(8, seed=2), specials]).bfloat16().reshape(4, 5)),
    ("int64", torch.tensor([[-2147483648, -5, 0], [7, 2147483647, -1]], dtype=torch.int64)),
    ("int32", torch.tensor([3, -4, 2147483647, -2147483648, 0], dtype=torch.int32)),
    ("mask", torch.tensor([[True, False, True], [False, False, True]])),
    ("scalar", torch.tensor(3.5)),
    ("empty", torch.zeros(0, 3)),
    ("émbed.wéight", randn(3, seed=3)),
]
metadata = {"format": "pt", "source": "torch"}
# data laid out in another order than the header lists it; the 1-byte bools first put the 4-byte floats that follow
# at an unaligned offset
data_order = ["mask", "scalar", "half", "int64", "empty", "émbed.wéight", "bfloat16", "int32", "layer.0.weight"]

OUT.mkdir(parents=True, exist_ok=True)
write_safetensors(OUT / "golden.safetensors", tensors, metadata, data_order)
write_safetensors(
    OUT / "i64_out_of_range.safetensors",
    [("ok", torch.tensor([1, 2], dtype=torch.int64)), ("counts", torch.tensor([1, 2**31, -3], dtype=torch.int64))],
)

expected = {
    "torch": torch.__version__,
    "metadata": metadata,
    "dtypes": {name: SAFETENSORS_DTYPE[t.dtype] for name, t in tensors},
    "tensors": {name: enc(t.float() if t.is_floating_point() else t) for name, t in tensors},
}
(OUT / "safetensors.json").write_text(json.dumps(expected, separators=(",", ":"), ensure_ascii=False) + "\n")
print(f"safetensors.json: {len(tensors)} tensors")
