"""Fixtures for the reductions: sum prod mean var std amax amin argmax argmin max min logsumexp all any.

PyTorch 1.13's prod/all/any take one dim only: lists of dims are reduced one dim at a time (same values).
"""
import torch

from common import Fixture, Input

torch.manual_seed(0)
f = Fixture("reduce")
nan, inf = float("nan"), float("inf")


def all_dims(x):
    return tuple(range(x.dim()))


def dims_of(x, dim):
    """PyTorch's dim argument: every dim for None or [], else as given (a list as a tuple)."""
    if dim is None or dim == []:
        return all_dims(x)
    return dim if isinstance(dim, int) else tuple(dim)


def one_at_a_time(method):
    """A reduction over a list of dims made of PyTorch's single-dim one (sum checks the dims first)."""
    def run(x, dim, keepdim):
        x.sum(dims_of(x, dim))
        if x.dim() == 0:
            return getattr(x, method)()
        dims = [d % x.dim() for d in ([dim] if isinstance(dim, int) else dims_of(x, dim))]
        out = x
        for d in sorted(dims, reverse=True):
            out = getattr(out, method)(d, keepdim=True)
        if not keepdim:
            for d in sorted(dims, reverse=True):
                out = out.squeeze(d)
        return out
    return run


TORCH = {
    "sum": lambda x, dim, keepdim: x.sum(dims_of(x, dim), keepdim=keepdim),
    "mean": lambda x, dim, keepdim: x.mean(dims_of(x, dim), keepdim=keepdim),
    "amax": lambda x, dim, keepdim: x.amax(dims_of(x, dim), keepdim=keepdim),
    "amin": lambda x, dim, keepdim: x.amin(dims_of(x, dim), keepdim=keepdim),
    # 1.13's logsumexp rejects dim=() even on a 0-d tensor, whose only dim is 0
    "logsumexp": lambda x, dim, keepdim: torch.logsumexp(x, dims_of(x, dim) if x.dim() else 0, keepdim=keepdim),
    "prod": one_at_a_time("prod"),
    "all": one_at_a_time("all"),
    "any": one_at_a_time("any"),
}
DIM_OPS = list(TORCH)


def reduce_case(op, name, x, dim, keepdim=False, error=None, fn=None):
    run = fn or TORCH[op]
    f.case(op, name, [x], {"dim": dim, "keepdim": keepdim}, lambda t: run(t, dim, keepdim), error=error)


def var_case(op, name, x, dim=None, correction=1, keepdim=False, error=None):
    fn = getattr(torch, op)
    f.case(op, name, [x], {"dim": dim, "correction": correction, "keepdim": keepdim},
           lambda t: fn(t, dim=dim, correction=correction, keepdim=keepdim), error=error)


# ---- inputs -------------------------------------------------------------------------------------------
a = torch.randn(3, 4, 5)
views = {
    "permuted": Input(torch.randn(4, 5, 3), [["permute", [2, 0, 1]]]),
    "stepped": Input(torch.randn(6, 4, 10), [["slice", 0, 0, 6, 2], ["slice", 2, 1, 10, 2]]),
    "expanded": Input(torch.randn(3, 1, 5), [["expand", [3, 4, 5]]]),
    "transposed 2-d": Input(torch.randn(5, 7), [["transpose", 0, 1]]),
}
positive = torch.rand(3, 4, 5) + 0.5  # prod stays well away from 0 and overflow
ints = torch.randint(-5, 6, (3, 4), dtype=torch.int32)
longs = torch.randint(-5, 6, (2, 3), dtype=torch.int64)
bools = torch.randn(3, 4) > 0
special = torch.tensor([[1.0, nan, 3.0, -inf], [inf, 2.0, -1.0, 0.5], [-inf, -inf, 4.0, inf]])

# ---- the dim-list reductions: every dim form on a contiguous 3-d tensor, views, edge shapes ------------------
DIMS = [None, 0, 1, -1, [0, 2], [-1, 0], [0, 1, 2], [1], []]
for op in DIM_OPS:
    base = positive if op == "prod" else a
    for dim in DIMS:
        for keepdim in (False, True):
            if keepdim and dim in ([], [1]):
                continue
            reduce_case(op, f"[3, 4, 5] dim={dim} keepdim={keepdim}", base, dim, keepdim)
    for vname, x in views.items():
        if op == "prod":
            x = Input(x.base.abs() + 0.5, x.view)
        for dim in ([1, 2] if x.tensor.dim() == 3 else [0]), -1, None:
            reduce_case(op, f"{vname} dim={dim}", x, dim)
    reduce_case(op, "0-d", torch.tensor(1.5), None)
    reduce_case(op, "0-d dim=0 keepdim", torch.tensor(-0.5), 0, True)
    reduce_case(op, "0-d dim=-1", torch.tensor(2.5), -1)
    reduce_case(op, "size-1 dims [1, 4, 1] dim=[0, 2]", torch.randn(1, 4, 1), [0, 2])
    reduce_case(op, "size-1 dims [1, 4, 1] dim=1 keepdim", torch.randn(1, 4, 1), 1, True)
    reduce_case(op, "dim out of range", a, 3, error="IndexError")
    reduce_case(op, "negative dim out of range", a, [0, -4], error="IndexError")
    reduce_case(op, "dim repeated", a, [0, -3], error="ValueError")
    if op not in ("amax", "amin"):
        reduce_case(op, "empty [0, 3] dim=0", torch.zeros(0, 3), 0)
        reduce_case(op, "empty [0, 3] all", torch.zeros(0, 3), None)
        reduce_case(op, "empty [2, 0, 3] dim=[1, 2] keepdim", torch.zeros(2, 0, 3), [1, 2], True)
    reduce_case(op, "empty [0, 3] dim=1", torch.zeros(0, 3), 1)
    reduce_case(op, "inf and nan dim=1", special, 1)
    reduce_case(op, "inf and nan dim=0", special, 0)

# integer and bool inputs: sum/prod give int64 (our int32), amax/amin keep the dtype, all/any give bool,
# logsumexp promotes to float
for op in DIM_OPS:
    if op == "mean":
        continue
    reduce_case(op, "int32 dim=1", ints if op != "prod" else ints.clamp(-3, 3), 1)
    reduce_case(op, "int64 all", longs, None)
    reduce_case(op, "bool dim=0 keepdim", bools, 0, True)
reduce_case("mean", "int32 input", ints, None, error="DTypeError")
reduce_case("mean", "bool input", bools, 1, error="DTypeError")
reduce_case("amax", "empty dim 0", torch.zeros(0, 3), 0, error="IndexError")
reduce_case("amin", "empty dims [0, 1]", torch.zeros(2, 0), [0, 1], error="IndexError")
reduce_case("amax", "empty all dims", torch.zeros(0, 3), None, error="RuntimeError")
reduce_case("amin", "empty all dims", torch.zeros(2, 0), None, error="RuntimeError")
reduce_case("all", "float with zeros and nan", torch.tensor([[0.0, nan], [1.0, 2.0]]), 1)
reduce_case("any", "float with zeros and nan", torch.tensor([[0.0, nan], [0.0, 0.0]]), 1)
reduce_case("prod", "zero times inf", torch.tensor([0.0, inf]), None)
reduce_case("logsumexp", "-inf everywhere", torch.tensor([[-inf, -inf], [-inf, 1.0]]), 1)
reduce_case("logsumexp", "large values", torch.tensor([[1000.0, 1000.0], [-1000.0, -999.0]]), 1)

# ---- var and std -------------------------------------------------------------------------------------------
for op in ("var", "std"):
    for dim in (None, 0, -1, [0, 2], [1]):
        for keepdim in (False, True):
            var_case(op, f"[3, 4, 5] dim={dim} keepdim={keepdim}", a, dim, keepdim=keepdim)
    for correction in (0, 2, 5):
        var_case(op, f"correction={correction} dim=1", a, 1, correction)
    var_case(op, "correction=-1", a, 2, -1)
    var_case(op, "correction equal to count", torch.tensor([1.0, 2.0]), 0, 2)
    var_case(op, "correction above count", torch.tensor([1.0, 2.0]), 0, 3)
    var_case(op, "one element", torch.tensor([3.0]), None)
    var_case(op, "0-d", torch.tensor(3.0), None)
    var_case(op, "0-d dim=0 correction 0", torch.tensor(3.0), 0, 0)
    var_case(op, "empty [0, 3] dim=0", torch.zeros(0, 3), 0)
    var_case(op, "empty [0, 3] dim=1", torch.zeros(0, 3), 1)
    var_case(op, "inf and nan", special, 1)
    for vname, x in views.items():
        var_case(op, f"{vname} dim=0", x, 0)
    var_case(op, "int input", ints, None, error="DTypeError")
    var_case(op, "bool input", bools, 0, error="DTypeError")
    var_case(op, "dim out of range", a, -4, error="IndexError")
var_case("var", "large offset", torch.randn(4, 6) * 0.01 + 1000.0, 1)

# ---- argmax / argmin --------------------------------------------------------------------------------------
ties = torch.tensor([[1.0, 5.0, 5.0, -2.0], [-2.0, -2.0, 0.0, 3.0], [7.0, 7.0, 7.0, 7.0]])
for op in ("argmax", "argmin"):
    fn = getattr(torch, op)

    def arg_case(name, x, dim, keepdim=False, error=None, fn=fn, op=op):
        f.case(op, name, [x], {"dim": dim, "keepdim": keepdim}, lambda t: fn(t, dim=dim, keepdim=keepdim), error=error)

    for dim in (None, 0, 1, -1, 2):
        for keepdim in (False, True):
            arg_case(f"[3, 4, 5] dim={dim} keepdim={keepdim}", a, dim, keepdim)
    for vname, x in views.items():
        arg_case(f"{vname} dim=-1", x, -1)
        arg_case(f"{vname} flattened", x, None)
    arg_case("ties dim=1", ties, 1)
    arg_case("ties flattened", ties, None)
    arg_case("nan and inf dim=1", special, 1)
    arg_case("nan and inf flattened", special, None)
    arg_case("int32 dim=0", ints, 0)
    arg_case("int64 flattened", longs, None)
    arg_case("0-d", torch.tensor(2.0), None)
    arg_case("0-d dim=0 keepdim", torch.tensor(2.0), 0, True)
    arg_case("size-1 dims", torch.randn(1, 3, 1), 1, True)
    arg_case("empty [0, 3] dim=1", torch.zeros(0, 3), 1)
    arg_case("empty [0, 3] dim=0", torch.zeros(0, 3), 0, error="IndexError")
    arg_case("empty flattened", torch.zeros(0, 3), None, error="IndexError")
    arg_case("bool input", bools, 0, error="DTypeError")
    arg_case("dim out of range", a, 3, error="IndexError")

# ---- max / min: all elements, or { values, indices } along a dim ----------------------------------------
for op in ("max", "min"):
    fn = getattr(torch, op)
    f.case(op, "all elements", [a], {"dim": None}, fn)
    f.case(op, "all elements permuted", [views["permuted"]], {"dim": None}, fn)
    f.case(op, "all elements with nan", [special], {"dim": None}, fn)
    f.case(op, "all elements bool", [bools], {"dim": None}, fn)
    f.case(op, "all elements int", [ints], {"dim": None}, fn)
    f.case(op, "0-d", [torch.tensor(-1.0)], {"dim": None}, fn)
    for dim in (0, 1, -1):
        for keepdim in (False, True):
            f.case(op, f"dim={dim} keepdim={keepdim}", [a], {"dim": dim, "keepdim": keepdim},
                   lambda t, d=dim, k=keepdim: fn(t, d, keepdim=k))
    f.case(op, "stepped dim=2", [views["stepped"]], {"dim": 2, "keepdim": False}, lambda t: fn(t, 2))
    f.case(op, "expanded dim=1", [views["expanded"]], {"dim": 1, "keepdim": False}, lambda t: fn(t, 1))
    f.case(op, "ties dim=1", [ties], {"dim": 1, "keepdim": False}, lambda t: fn(t, 1))
    f.case(op, "nan dim=1", [special], {"dim": 1, "keepdim": False}, lambda t: fn(t, 1))
    f.case(op, "bool dim=0", [bools], {"dim": 0, "keepdim": True}, lambda t: fn(t, 0, keepdim=True))
    f.case(op, "int dim=1", [ints], {"dim": 1, "keepdim": False}, lambda t: fn(t, 1))
    f.case(op, "0-d dim=0", [torch.tensor(4.0)], {"dim": 0, "keepdim": False}, lambda t: fn(t, 0))
    f.case(op, "empty [0, 3] dim=1", [torch.zeros(0, 3)], {"dim": 1, "keepdim": False}, lambda t: fn(t, 1))
    f.case(op, "empty [0, 3] dim=0", [torch.zeros(0, 3)], {"dim": 0, "keepdim": False}, lambda t: fn(t, 0),
           error="IndexError")
    f.case(op, "empty all elements", [torch.zeros(0, 3)], {"dim": None}, fn, error="RuntimeError")
    f.case(op, "dim out of range", [a], {"dim": -4, "keepdim": False}, lambda t: fn(t, -4), error="IndexError")

f.save()
