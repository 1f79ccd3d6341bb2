"""Fixtures for isclose/allclose (composites of elementwise ops)."""
import torch

from common import Fixture, Input, randn

torch.manual_seed(0)
f = Fixture("compare")
nan, inf = float("nan"), float("inf")

a = torch.tensor([1.0, 1.0 + 1e-6, 1.0 + 1e-3, 0.0, 1e-9, inf, -inf, inf, nan, nan, 5.0])
b = torch.tensor([1.0, 1.0, 1.0, 1e-9, 0.0, inf, -inf, -inf, nan, 1.0, inf])
for opts in [{}, {"rtol": 1e-2}, {"atol": 1e-3}, {"rtol": 0.0, "atol": 0.0}, {"equalNan": True}]:
    kw = {"rtol": opts.get("rtol", 1e-5), "atol": opts.get("atol", 1e-8), "equal_nan": opts.get("equalNan", False)}
    f.case("isclose", f"edge values {opts}", [a, b], opts, lambda x, y, kw=kw: torch.isclose(x, y, **kw))
    f.case("allclose", f"edge values {opts}", [a, b], opts,
           lambda x, y, kw=kw: torch.tensor(torch.allclose(x, y, **kw)))
x = randn(3, 4)
f.case("isclose", "broadcast", [x, x[0] + 1e-7], {}, lambda p, q: torch.isclose(p, q))
f.case("isclose", "permuted", [Input(x, [["permute", [1, 0]]]), x.t().contiguous() * (1 + 1e-6)], {},
       lambda p, q: torch.isclose(p, q))
f.case("allclose", "close", [x, x * (1 + 1e-6)], {}, lambda p, q: torch.tensor(torch.allclose(p, q)))
f.case("allclose", "far", [x, x + 1e-3], {}, lambda p, q: torch.tensor(torch.allclose(p, q)))
ints = torch.tensor([1, 2, 3], dtype=torch.int32)
f.case("isclose", "int32", [ints, torch.tensor([1, 3, 3], dtype=torch.int32)], {"atol": 1.0},
       lambda p, q: torch.isclose(p, q, atol=1.0))
bools = torch.tensor([True, False])
f.case("isclose", "bool", [bools, torch.tensor([True, True])], {}, lambda p, q: torch.isclose(p, q))
f.case("isclose", "different dtypes", [x, ints], {}, lambda p, q: torch.isclose(p, q), error="DTypeError")
f.case("isclose", "not broadcastable", [x, randn(3)], {}, lambda p, q: torch.isclose(p, q), error="ShapeError")
f.save()
