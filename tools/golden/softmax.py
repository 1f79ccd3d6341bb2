"""Fixtures for softmax and logSoftmax (torch.softmax / torch.log_softmax) along one dim."""
import torch

from common import Fixture, Input

torch.manual_seed(1)
f = Fixture("softmax")
nan, inf = float("nan"), float("inf")

FNS = {"softmax": torch.softmax, "logSoftmax": torch.log_softmax}
a = torch.randn(3, 4, 5) * 3
special = torch.tensor([
    [inf, 1.0, 2.0],
    [-inf, 1.0, 2.0],
    [-inf, -inf, -inf],
    [nan, 1.0, 2.0],
    [inf, inf, 0.0],
    [1000.0, 0.0, -1000.0],
    [-inf, -inf, 3.0],
])

for op, fn in FNS.items():
    def case(name, x, dim, error=None, fn=fn, op=op):
        f.case(op, name, [x], {"dim": dim}, lambda t: fn(t, dim), error=error)

    for dim in (0, 1, 2, -1, -3):
        case(f"[3, 4, 5] dim={dim}", a, dim)
    case("permuted dim=1", Input(torch.randn(4, 5, 3), [["permute", [2, 0, 1]]]), 1)
    case("permuted dim=-1", Input(torch.randn(4, 5, 3), [["permute", [2, 0, 1]]]), -1)
    case("stepped dim=2", Input(torch.randn(6, 4, 10), [["slice", 0, 0, 6, 2], ["slice", 2, 1, 10, 2]]), 2)
    case("transposed dim=0", Input(torch.randn(5, 7), [["transpose", 0, 1]]), 0)
    case("expanded dim=0", Input(torch.randn(1, 6), [["expand", [4, 6]]]), 0)
    case("expanded dim=1", Input(torch.randn(4, 1), [["expand", [4, 6]]]), 1)
    case("1-d", torch.randn(7), 0)
    case("0-d", torch.tensor(2.5), 0)
    case("0-d dim=-1", torch.tensor(-1.0), -1)
    case("size-1 dim", torch.randn(3, 1), 1)
    case("empty [0, 3] dim=0", torch.zeros(0, 3), 0)
    case("empty [0, 3] dim=1", torch.zeros(0, 3), 1)
    case("inf, -inf and nan rows", special, 1)
    case("inf, -inf and nan columns", special.t().contiguous(), 0)
    case("int input", torch.tensor([1, 2, 3]), 0, error="DTypeError")
    case("bool input", torch.tensor([True, False]), 0, error="DTypeError")
    case("dim out of range", a, 3, error="IndexError")
    case("0-d dim out of range", torch.tensor(1.0), 1, error="IndexError")

f.save()
