"""Fixtures for the creation functions (tensor, full, zeros, ones, arange, linspace, eye, *Like)."""
import torch

from common import Fixture, randn

f = Fixture("creation")
for args in [(5,), (2, 9), (1, 10, 3), (10, 1, -2), (0, 1, 0.25), (-1.5, 2.0, 0.5), (0,), (3, 3)]:
    dtype = torch.int32 if all(isinstance(a, int) for a in args) else torch.float32
    f.case("arange", f"arange{args}", [], {"args": list(args)}, lambda a=args, d=dtype: torch.arange(*a, dtype=d))
f.case("arange", "zero step", [], {"args": [0, 5, 0]}, lambda: torch.arange(0, 5, 0), error="ValueError")
f.case("arange", "wrong sign", [], {"args": [5, 0, 1]}, lambda: torch.arange(5, 0, 1), error="ValueError")
for start, end, steps in [(0, 1, 5), (-2, 3, 7), (1, 1, 3), (0, 10, 1), (0, 1, 0), (5, -5, 4)]:
    f.case("linspace", f"linspace({start}, {end}, {steps})", [], {"start": start, "end": end, "steps": steps},
           lambda a=start, b=end, s=steps: torch.linspace(a, b, s))
f.case("linspace", "negative steps", [], {"start": 0, "end": 1, "steps": -1}, lambda: torch.linspace(0, 1, -1),
       error="ValueError")
for n, m in [(3, 3), (2, 4), (4, 2), (0, 2), (1, 1)]:
    f.case("eye", f"eye({n}, {m})", [], {"n": n, "m": m}, lambda a=n, b=m: torch.eye(a, b))
for shape in [[2, 3], [], [0, 4], [1]]:
    f.case("full", f"full({shape}, 2.5)", [], {"shape": shape, "value": 2.5}, lambda s=shape: torch.full(s, 2.5))
    f.case("zeros", f"zeros({shape})", [], {"shape": shape}, lambda s=shape: torch.zeros(s))
    f.case("ones", f"ones({shape}) int32", [], {"shape": shape, "dtype": "int32"},
           lambda s=shape: torch.ones(s, dtype=torch.int32))
f.case("full", "full bool", [], {"shape": [2, 2], "value": True}, lambda: torch.full([2, 2], True))
f.case("zeros", "negative size", [], {"shape": [2, -1]}, lambda: torch.zeros([2, -1]), error="ShapeError")
nested = [[1.5, 2.0, -3.0], [4.0, 5.25, 6.0]]
f.case("tensor", "nested", [], {"data": nested}, lambda: torch.tensor(nested))
f.case("tensor", "flat with shape", [], {"data": [1, 2, 3, 4, 5, 6], "shape": [3, 2]},
       lambda: torch.tensor([1.0, 2, 3, 4, 5, 6]).reshape(3, 2))
f.case("tensor", "int32 truncates", [], {"data": [1.7, -1.7, 3], "dtype": "int32"},
       lambda: torch.tensor([1.7, -1.7, 3]).to(torch.int32))
f.case("tensor", "bools", [], {"data": [[True, False], [False, True]]}, lambda: torch.tensor([[True, False], [False, True]]))
f.case("tensor", "scalar", [], {"data": 2.5}, lambda: torch.tensor(2.5))
f.case("tensor", "ragged", [], {"data": [[1, 2], [3]]}, lambda: torch.tensor([[1, 2], [3]]), error="ShapeError")
x = randn(2, 3, seed=0)
f.case("zerosLike", "zerosLike", [x], {}, lambda t: torch.zeros_like(t))
f.case("onesLike", "onesLike int", [x.to(torch.int32)], {}, lambda t: torch.ones_like(t))
f.save()
