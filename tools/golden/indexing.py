"""Fixtures for the joining and indexing ops (indexing.json): cat, stack, F.pad (every mode), flip, gather,
index_select and F.one_hot, on contiguous and strided inputs, with PyTorch's errors."""
import torch
import torch.nn.functional as F

from common import Fixture, Input, randn

f = Fixture("indexing")


def r0(seed):
    """A 0-d random tensor."""
    return randn(1, seed=seed).reshape(())


def ints(*shape):
    return torch.arange(int(torch.tensor(shape).prod()), dtype=torch.int64).reshape(*shape)


def idx(values):
    return torch.tensor(values, dtype=torch.int64)


T34 = Input(randn(4, 3, seed=1), [["transpose", 0, 1]])  # [3, 4], transposed
S36 = Input(randn(3, 12, seed=2), [["slice", 1, 1, None, 2]])  # [3, 6], every other column
E234 = Input(randn(3, 1, seed=4), [["expand", [2, 3, 4]]])  # [2, 3, 4], expanded
SPECIAL = torch.tensor([[0.0, float("nan"), 1.5], [float("inf"), -float("inf"), -0.0]])

# ---- cat ---------------------------------------------------------------------------------------------------------
cat = lambda dim: (lambda *xs: torch.cat(xs, dim))  # noqa: E731
f.case("cat", "dim 0", [randn(2, 3, seed=10), randn(1, 3, seed=11)], {"dim": 0}, cat(0))
f.case("cat", "dim 1 of three, strided", [randn(3, 2, seed=12), T34, S36], {"dim": 1}, cat(1))
f.case("cat", "negative dim", [randn(2, 3, 1, seed=13), randn(2, 3, 2, seed=14)], {"dim": -1}, cat(-1))
f.case("cat", "expanded inputs", [E234, E234], {"dim": 1}, cat(1))
f.case("cat", "one tensor", [T34], {"dim": 0}, cat(0))
f.case("cat", "1-D", [randn(3, seed=15), randn(2, seed=16)], {"dim": 0}, cat(0))
f.case("cat", "size-0 along dim", [randn(0, 3, seed=17), randn(2, 3, seed=18)], {"dim": 0}, cat(0))
f.case("cat", "size-0 other dim", [randn(2, 0, seed=17), randn(2, 0, seed=18)], {"dim": 0}, cat(0))
f.case("cat", "legacy empty skipped", [randn(2, 3, seed=19), torch.zeros(0), randn(2, 1, seed=20)], {"dim": 1}, cat(1))
f.case("cat", "legacy empty promotes", [ints(2, 2), torch.zeros(0)], {"dim": -1}, cat(-1))
f.case("cat", "only legacy empties", [torch.zeros(0), torch.zeros(0)], {"dim": 0}, cat(0))
f.case("cat", "int and float promote", [ints(2, 2), randn(2, 2, seed=21)], {"dim": 0}, cat(0))
f.case("cat", "bool and int promote", [randn(2, 2, seed=22) > 0, ints(1, 2)], {"dim": 0}, cat(0))
f.case("cat", "bool", [randn(2, 2, seed=22) > 0, Input(randn(2, 2, seed=23) > 0, [["transpose", 0, 1]])], {"dim": 1},
       cat(1))
f.case("cat", "nan and inf", [SPECIAL, SPECIAL], {"dim": 1}, cat(1))
f.case("cat", "error: empty list", [], {"dim": 0}, cat(0), error="ValueError")
f.case("cat", "error: ranks differ", [randn(2, 3, seed=24), randn(2, 3, 1, seed=24)], {"dim": 0}, cat(0),
       error="ShapeError")
f.case("cat", "error: sizes differ", [randn(2, 3, seed=24), randn(2, 4, seed=24)], {"dim": 0}, cat(0),
       error="ShapeError")
f.case("cat", "error: 0-d", [r0(25), r0(26)], {"dim": 0}, cat(0), error="ShapeError")
f.case("cat", "error: dim out of range", [randn(2, 3, seed=24), randn(2, 3, seed=24)], {"dim": 2}, cat(2),
       error="IndexError")

# ---- stack -------------------------------------------------------------------------------------------------------
stack = lambda dim: (lambda *xs: torch.stack(xs, dim))  # noqa: E731
f.case("stack", "dim 0", [randn(2, 3, seed=30), randn(2, 3, seed=31)], {"dim": 0}, stack(0))
f.case("stack", "middle dim, strided", [T34, randn(3, 4, seed=32), T34], {"dim": 1}, stack(1))
f.case("stack", "last dim (negative)", [randn(2, 3, seed=30), randn(2, 3, seed=31)], {"dim": -1}, stack(-1))
f.case("stack", "dim = ndim", [randn(2, 3, seed=30), randn(2, 3, seed=31)], {"dim": 2}, stack(2))
f.case("stack", "0-d", [r0(33), r0(34), r0(35)], {"dim": 0}, stack(0))
f.case("stack", "size-0", [randn(0, 2, seed=36), randn(0, 2, seed=36)], {"dim": 1}, stack(1))
f.case("stack", "legacy empties are stacked", [torch.zeros(0), torch.zeros(0)], {"dim": 0}, stack(0))
f.case("stack", "int and float promote", [ints(2), randn(2, seed=37)], {"dim": 0}, stack(0))
f.case("stack", "error: empty list", [], {"dim": 0}, stack(0), error="ValueError")
f.case("stack", "error: shapes differ", [randn(2, 3, seed=38), randn(2, 4, seed=38)], {"dim": 0}, stack(0),
       error="ShapeError")
f.case("stack", "error: dim out of range", [randn(2, 3, seed=38), randn(2, 3, seed=38)], {"dim": 3}, stack(3),
       error="IndexError")

# ---- pad ---------------------------------------------------------------------------------------------------------


def pad(p, mode="constant", value=None):
    if value is None:
        return lambda x: F.pad(x, p, mode=mode)
    return lambda x: F.pad(x, p, mode=mode, value=value)


def pad_params(p, mode="constant", value=0.0):
    """The runner's params; JSON has no infinities, so "inf"/"-inf" stand for them."""
    return {"pad": list(p), "mode": mode, "value": value}


X123 = randn(1, 2, 3, seed=40)
X2345 = randn(2, 3, 4, 5, seed=41)
X12345 = randn(1, 2, 3, 4, 5, seed=42)
f.case("pad", "constant last dim", [X123], pad_params((1, 2)), pad((1, 2)))
f.case("pad", "constant two dims with value", [X123], pad_params((1, 1, 2, 0), value=2.5), pad((1, 1, 2, 0), value=2.5))
f.case("pad", "constant every dim", [X123], pad_params((1, 0, 0, 1, 2, 1), value=-1.0),
       pad((1, 0, 0, 1, 2, 1), value=-1.0))
f.case("pad", "constant crop", [X2345], pad_params((-1, 2, -2, -1)), pad((-1, 2, -2, -1)))
f.case("pad", "constant crop to size 0", [X123], pad_params((-2, -1)), pad((-2, -1)))
f.case("pad", "constant 1-D", [randn(4, seed=43)], pad_params((2, 3)), pad((2, 3)))
f.case("pad", "constant empty pad", [X123], pad_params(()), pad(()))
f.case("pad", "constant size-0 input", [randn(2, 0, seed=44)], pad_params((1, 1, 1, 0), value=3.0),
       pad((1, 1, 1, 0), value=3.0))
f.case("pad", "constant strided", [T34], pad_params((1, 1, 1, 1)), pad((1, 1, 1, 1)))
f.case("pad", "constant expanded", [E234], pad_params((0, 1, 1, 0)), pad((0, 1, 1, 0)))
f.case("pad", "constant inf value", [randn(2, 2, seed=45)], pad_params((1, 0), value="-inf"),
       pad((1, 0), value=-float("inf")))
f.case("pad", "constant nan passes through", [SPECIAL], pad_params((1, 1)), pad((1, 1)))
f.case("pad", "constant int truncates value", [ints(2, 3)], pad_params((1, 1), value=2.7), pad((1, 1), value=2.7))
f.case("pad", "constant bool", [randn(2, 3, seed=46) > 0], pad_params((1, 1), value=0.5), pad((1, 1), value=0.5))
for mode in ["reflect", "replicate", "circular"]:
    f.case("pad", f"{mode} 1-D of (N, C, W)", [X123], pad_params((2, 1), mode), pad((2, 1), mode))
    f.case("pad", f"{mode} 2-D of (N, C, H, W)", [X2345], pad_params((1, 2, 2, 1), mode), pad((1, 2, 2, 1), mode))
    f.case("pad", f"{mode} 3-D of (N, C, D, H, W)", [X12345], pad_params((1, 1, 2, 0, 0, 2), mode),
           pad((1, 1, 2, 0, 0, 2), mode))
    f.case("pad", f"{mode} crop and pad", [X2345], pad_params((-1, 2, 1, -2), mode), pad((-1, 2, 1, -2), mode))
    f.case("pad", f"{mode} strided", [Input(randn(5, 3, 2, seed=47), [["permute", [2, 1, 0]]])],
           pad_params((2, 2), mode), pad((2, 2), mode))
    f.case("pad", f"{mode} error: too many dims for the input", [randn(3, 4, seed=48)], pad_params((1, 1, 1, 1), mode),
           pad((1, 1, 1, 1), mode), error="ValueError")
    f.case("pad", f"{mode} error: value", [X123], pad_params((1, 1), mode, 1.0), pad((1, 1), mode, 1.0),
           error="ValueError")
for mode in ["reflect", "replicate"]:
    f.case("pad", f"{mode} unbatched (C, W)", [randn(2, 4, seed=49)], pad_params((3, 1), mode), pad((3, 1), mode))
    f.case("pad", f"{mode} unbatched (C, H, W)", [randn(2, 3, 4, seed=50)], pad_params((1, 2, 2, 1), mode),
           pad((1, 2, 2, 1), mode))
    f.case("pad", f"{mode} empty batch", [randn(0, 2, 3, seed=50)], pad_params((1, 1), mode), pad((1, 1), mode))
    f.case("pad", f"{mode} error: int input", [ints(1, 2, 3)], pad_params((1, 1), mode), pad((1, 1), mode),
           error="DTypeError")
    f.case("pad", f"{mode} error: empty channel dim", [randn(1, 0, 3, seed=51)], pad_params((1, 1), mode),
           pad((1, 1), mode), error="ShapeError")
    f.case("pad", f"{mode} error: output size 0", [X123], pad_params((-2, -1), mode), pad((-2, -1), mode),
           error="ShapeError")
f.case("pad", "replicate wider than input", [X123], pad_params((5, 4), "replicate"), pad((5, 4), "replicate"))
f.case("pad", "reflect error: pad as large as the dim", [X123], pad_params((3, 0), "reflect"), pad((3, 0), "reflect"),
       error="ShapeError")
f.case("pad", "circular wraps a whole period", [X123], pad_params((3, 3), "circular"), pad((3, 3), "circular"))
f.case("pad", "circular int and bool", [ints(1, 2, 3)], pad_params((1, 2), "circular"), pad((1, 2), "circular"))
f.case("pad", "circular error: wraps twice", [X123], pad_params((4, 0), "circular"), pad((4, 0), "circular"),
       error="ShapeError")
f.case("pad", "circular error: unbatched", [randn(2, 3, seed=52)], pad_params((1, 1), "circular"),
       pad((1, 1), "circular"), error="ValueError")
f.case("pad", "error: odd length", [X123], pad_params((1,)), pad((1,)), error="ValueError")
f.case("pad", "error: too long", [randn(2, 3, seed=53)], pad_params((1, 1, 1, 1, 1, 1)), pad((1, 1, 1, 1, 1, 1)),
       error="ValueError")
f.case("pad", "error: negative output", [X123], pad_params((-2, -2)), pad((-2, -2)), error="ShapeError")
f.case("pad", "error: unknown mode", [X123], pad_params((1, 1), "wrap"), pad((1, 1), "wrap"), error="ValueError")

# ---- flip --------------------------------------------------------------------------------------------------------
f.case("flip", "one dim", [randn(3, 4, seed=60)], {"dims": [0]}, lambda x: x.flip([0]))
f.case("flip", "two dims, negative", [randn(2, 3, 4, seed=61)], {"dims": [-1, 0]}, lambda x: x.flip([-1, 0]))
f.case("flip", "number dim", [randn(2, 3, seed=61)], {"dims": 1}, lambda x: x.flip(1))
f.case("flip", "all dims of strided", [S36], {"dims": [0, 1]}, lambda x: x.flip([0, 1]))
f.case("flip", "expanded", [E234], {"dims": [1, 2]}, lambda x: x.flip([1, 2]))
f.case("flip", "no dims", [randn(2, 3, seed=62)], {"dims": []}, lambda x: x.flip([]))
f.case("flip", "0-d", [r0(63)], {"dims": [0]}, lambda x: x.flip([0]))
f.case("flip", "size-0", [randn(0, 3, seed=63)], {"dims": [0, 1]}, lambda x: x.flip([0, 1]))
f.case("flip", "int", [ints(2, 3)], {"dims": [1]}, lambda x: x.flip([1]))
f.case("flip", "bool", [randn(2, 3, seed=64) > 0], {"dims": [0]}, lambda x: x.flip([0]))
f.case("flip", "nan and inf", [SPECIAL], {"dims": [1]}, lambda x: x.flip([1]))
f.case("flip", "error: repeated dim", [randn(2, 3, seed=65)], {"dims": [0, -2]}, lambda x: x.flip([0, -2]),
       error="ValueError")
f.case("flip", "error: dim out of range", [randn(2, 3, seed=65)], {"dims": [2]}, lambda x: x.flip([2]),
       error="IndexError")

# ---- gather ------------------------------------------------------------------------------------------------------
f.case("gather", "dim 1", [randn(2, 3, seed=70), idx([[0, 2, 2, 1], [1, 1, 0, 0]])], {"dim": 1},
       lambda x, i: x.gather(1, i))
f.case("gather", "dim 0, smaller index", [randn(4, 3, seed=71), idx([[3, 0], [1, 2]])], {"dim": 0},
       lambda x, i: x.gather(0, i))
f.case("gather", "negative dim 3-D", [randn(2, 3, 4, seed=72), idx([[[3, 0, 1]], [[2, 2, 2]]])], {"dim": -1},
       lambda x, i: x.gather(-1, i))
f.case("gather", "strided input and index", [T34, Input(idx([[0, 1, 2], [2, 1, 0], [1, 1, 1]]), [["transpose", 0, 1]])],
       {"dim": 0}, lambda x, i: x.gather(0, i))
f.case("gather", "expanded index", [randn(3, 5, seed=73), Input(idx([[4], [0], [2]]), [["expand", [3, 6]]])],
       {"dim": 1}, lambda x, i: x.gather(1, i))
f.case("gather", "expanded input", [E234, idx([[[0, 1], [2, 3], [3, 3]]])], {"dim": 2}, lambda x, i: x.gather(2, i))
f.case("gather", "0-d", [r0(74), idx(0)], {"dim": 0}, lambda x, i: x.gather(0, i))
f.case("gather", "empty index", [randn(2, 3, seed=75), torch.zeros(2, 0, dtype=torch.int64)], {"dim": 1},
       lambda x, i: x.gather(1, i))
f.case("gather", "int values", [ints(3, 4), idx([[3], [0], [1]])], {"dim": 1}, lambda x, i: x.gather(1, i))
f.case("gather", "error: float index", [randn(2, 3, seed=76), torch.zeros(2, 3)], {"dim": 1},
       lambda x, i: x.gather(1, i), error="DTypeError")
f.case("gather", "error: ranks differ", [randn(2, 3, seed=76), idx([0, 1])], {"dim": 1}, lambda x, i: x.gather(1, i),
       error="ShapeError")
f.case("gather", "error: index larger in another dim", [randn(2, 3, seed=76), idx([[0], [0], [0]])], {"dim": 1},
       lambda x, i: x.gather(1, i), error="ShapeError")
f.case("gather", "error: index out of bounds", [randn(2, 3, seed=76), idx([[0, 3]])], {"dim": 1},
       lambda x, i: x.gather(1, i), error="IndexError")
f.case("gather", "error: negative index", [randn(2, 3, seed=76), idx([[-1]])], {"dim": 1},
       lambda x, i: x.gather(1, i), error="IndexError")
f.case("gather", "error: dim out of range", [randn(2, 3, seed=76), idx([[0]])], {"dim": 2},
       lambda x, i: x.gather(2, i), error="IndexError")

# ---- indexSelect -------------------------------------------------------------------------------------------------
f.case("indexSelect", "dim 0 with repeats", [randn(4, 3, seed=80), idx([3, 0, 3])], {"dim": 0},
       lambda x, i: x.index_select(0, i))
f.case("indexSelect", "negative dim", [randn(2, 3, 4, seed=81), idx([1, 2])], {"dim": -1},
       lambda x, i: x.index_select(-1, i))
f.case("indexSelect", "strided input", [S36, idx([5, 0, 2])], {"dim": 1}, lambda x, i: x.index_select(1, i))
f.case("indexSelect", "expanded input", [E234, idx([2, 1])], {"dim": 1}, lambda x, i: x.index_select(1, i))
f.case("indexSelect", "stepped index", [randn(5, 2, seed=82), Input(idx([4, 9, 0, 9, 2]), [["slice", 0, None, None, 2]])],
       {"dim": 0}, lambda x, i: x.index_select(0, i))
f.case("indexSelect", "empty index", [randn(3, 2, seed=83), torch.zeros(0, dtype=torch.int64)], {"dim": 0},
       lambda x, i: x.index_select(0, i))
f.case("indexSelect", "0-d index", [randn(3, 2, seed=83), idx(2)], {"dim": 0}, lambda x, i: x.index_select(0, i))
f.case("indexSelect", "0-d input", [r0(84), idx([0])], {"dim": 0}, lambda x, i: x.index_select(0, i))
f.case("indexSelect", "bool values", [randn(3, 2, seed=85) > 0, idx([1, 1])], {"dim": 0},
       lambda x, i: x.index_select(0, i))
f.case("indexSelect", "error: 2-D index", [randn(3, 2, seed=86), idx([[0]])], {"dim": 0},
       lambda x, i: x.index_select(0, i), error="ShapeError")
f.case("indexSelect", "error: float index", [randn(3, 2, seed=86), torch.zeros(1)], {"dim": 0},
       lambda x, i: x.index_select(0, i), error="DTypeError")
f.case("indexSelect", "error: out of range", [randn(3, 2, seed=86), idx([3])], {"dim": 0},
       lambda x, i: x.index_select(0, i), error="IndexError")
f.case("indexSelect", "error: negative", [randn(3, 2, seed=86), idx([-1])], {"dim": 0},
       lambda x, i: x.index_select(0, i), error="IndexError")
f.case("indexSelect", "error: dim out of range", [randn(3, 2, seed=86), idx([0])], {"dim": 2},
       lambda x, i: x.index_select(2, i), error="IndexError")

# ---- oneHot ------------------------------------------------------------------------------------------------------
f.case("oneHot", "inferred classes", [idx([0, 2, 1, 2])], {"numClasses": -1}, lambda x: F.one_hot(x))
f.case("oneHot", "given classes", [idx([0, 2])], {"numClasses": 5}, lambda x: F.one_hot(x, 5))
f.case("oneHot", "2-D strided", [Input(idx([[0, 1, 2], [3, 0, 1]]), [["transpose", 0, 1]])], {"numClasses": 4},
       lambda x: F.one_hot(x, 4))
f.case("oneHot", "0-d", [idx(1)], {"numClasses": 3}, lambda x: F.one_hot(x, 3))
f.case("oneHot", "empty with classes", [torch.zeros(0, dtype=torch.int64)], {"numClasses": 3},
       lambda x: F.one_hot(x, 3))
f.case("oneHot", "error: float input", [torch.zeros(2)], {"numClasses": 3}, lambda x: F.one_hot(x, 3),
       error="DTypeError")
f.case("oneHot", "error: negative class", [idx([0, -1])], {"numClasses": 2}, lambda x: F.one_hot(x, 2),
       error="IndexError")
f.case("oneHot", "error: class too large", [idx([0, 2])], {"numClasses": 2}, lambda x: F.one_hot(x, 2),
       error="IndexError")
f.case("oneHot", "error: infer from empty", [torch.zeros(0, dtype=torch.int64)], {"numClasses": -1},
       lambda x: F.one_hot(x), error="ValueError")
f.case("oneHot", "error: numClasses below -1", [idx([0])], {"numClasses": -2}, lambda x: F.one_hot(x, -2),
       error="ValueError")

f.save()
