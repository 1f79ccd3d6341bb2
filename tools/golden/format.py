"""Writes PyTorch's str() of a few tensors, for @bn's toString (packages/tensor/test/fixtures/print/format.json)."""
import json

import torch

from common import FIXTURES, enc

torch.set_printoptions(profile="default")
torch.manual_seed(0)
cases = {
    "scalar float": torch.tensor(3.5),
    "scalar int": torch.tensor(7, dtype=torch.int32),
    "vector": torch.tensor([1.5, -2.25, 3.0]),
    "integral floats": torch.tensor([1.0, -2.0, 30.0]),
    "matrix": torch.randn(3, 4),
    "3-d": torch.randn(2, 2, 3),
    "scientific": torch.tensor([1e-5, 1.0, 2e3]),
    "large": torch.tensor([1e9, 2.0]),
    "ints": torch.arange(-3, 9, dtype=torch.int32).reshape(3, 4),
    "bools": torch.tensor([True, False, True]),
    "nan inf": torch.tensor([float("nan"), float("inf"), -float("inf"), 1.25]),
    "empty": torch.zeros(0, 3),
    "empty 1-d": torch.zeros(0),
    "summarized vector": torch.arange(2000, dtype=torch.float32) / 7,
    "summarized matrix": torch.arange(40 * 40, dtype=torch.int32).reshape(40, 40),
}
out = [{"name": k, "tensor": enc(v), "str": str(v).replace("torch.", "")} for k, v in cases.items()]
path = FIXTURES / "print" / "format.json"
path.parent.mkdir(parents=True, exist_ok=True)
path.write_text(json.dumps({"torch": torch.__version__, "cases": out}) + "\n")
print(f"{path.name}: {len(out)} cases")
