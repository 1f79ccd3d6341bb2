"""Fixtures for the view ops (views.json): reshapes, dim orderings, expand, select/slice/narrow, squeeze/unsqueeze,
split/chunk and the copies (contiguous, clone, detach), on contiguous and strided inputs, with PyTorch's errors."""
import torch

from common import Fixture, Input, randn

f = Fixture("views")


def ints(*shape):
    return torch.arange(int(torch.tensor(shape).prod()), dtype=torch.int64).reshape(*shape)


def r0(seed):
    """A 0-d random tensor."""
    return randn(1, seed=seed).reshape(())


# strided inputs shared by many cases
T34 = Input(randn(4, 3, seed=1), [["transpose", 0, 1]])  # [3, 4], transposed
S36 = Input(randn(3, 12, seed=2), [["slice", 1, 1, None, 2]])  # [3, 6], every other column
P234 = Input(randn(4, 2, 3, seed=3), [["permute", [1, 2, 0]]])  # [2, 3, 4], permuted
E234 = Input(randn(3, 1, seed=4), [["expand", [2, 3, 4]]])  # [2, 3, 4], expanded
SEL = Input(randn(2, 5, 3, seed=5), [["select", 1, 2]])  # [2, 3]
U = Input(randn(2, 3, seed=6), [["unsqueeze", 1]])  # [2, 1, 3]

# ---- view / reshape -------------------------------------------------------------------------------------------
for op in ["view", "reshape"]:
    fn = (lambda s: (lambda x: x.view(s))) if op == "view" else (lambda s: (lambda x: x.reshape(s)))
    f.case(op, "contiguous 2x3 -> 3x2", [randn(2, 3, seed=10)], {"shape": [3, 2]}, fn([3, 2]))
    f.case(op, "infer -1", [randn(2, 3, 4, seed=11)], {"shape": [-1, 4]}, fn([-1, 4]))
    f.case(op, "to 0-d", [randn(1, 1, seed=12)], {"shape": []}, fn([]))
    f.case(op, "from 0-d", [r0(13)], {"shape": [1, 1, 1]}, fn([1, 1, 1]))
    f.case(op, "size-0", [randn(0, 3, seed=14)], {"shape": [3, 0, 2]}, fn([3, 0, 2]))
    f.case(op, "size-0 infer", [randn(0, 3, seed=14)], {"shape": [-1, 3]}, fn([-1, 3]))
    f.case(op, "split a permuted dim", [P234], {"shape": [2, 3, 2, 2]}, fn([2, 3, 2, 2]))
    f.case(op, "merge expanded broadcast dims", [Input(randn(3, 1, seed=15), [["expand", [3, 4]]])],
           {"shape": [3, 2, 2]}, fn([3, 2, 2]))
    f.case(op, "stepped slice keeps rows", [S36], {"shape": [3, 2, 3]}, fn([3, 2, 3]))
    f.case(op, "size-1 dims around", [U], {"shape": [1, 2, 3, 1]}, fn([1, 2, 3, 1]))
    f.case(op, "int dtype", [ints(2, 6)], {"shape": [3, 4]}, fn([3, 4]))
    f.case(op, "bool dtype", [randn(2, 3, seed=16) > 0], {"shape": [6]}, fn([6]))
    f.case(op, "error: wrong numel", [randn(2, 3, seed=17)], {"shape": [4]}, fn([4]), error="ShapeError")
    f.case(op, "error: two -1", [randn(2, 3, seed=17)], {"shape": [-1, -1]}, fn([-1, -1]), error="ShapeError")
    f.case(op, "error: -1 with size 0", [randn(0, 3, seed=17)], {"shape": [-1, 0]}, fn([-1, 0]), error="ShapeError")
    f.case(op, "error: bad size", [randn(2, 3, seed=17)], {"shape": [-2, 3]}, fn([-2, 3]), error="ShapeError")
f.case("reshape", "transposed flattens by copy", [T34], {"shape": [12]}, lambda x: x.reshape(12))
f.case("reshape", "expanded merges by copy", [E234], {"shape": [6, 4]}, lambda x: x.reshape(6, 4))
f.case("reshape", "stepped slice flattens by copy", [S36], {"shape": [-1]}, lambda x: x.reshape(-1))
f.case("view", "error: transposed cannot flatten", [T34], {"shape": [12]}, lambda x: x.view(12), error="RuntimeError")
f.case("view", "error: permuted cannot merge", [P234], {"shape": [2, 12]}, lambda x: x.view(2, 12),
       error="RuntimeError")

# ---- permute / transpose / t / movedim ---------------------------------------------------------------------------
f.case("permute", "3-D", [randn(2, 3, 4, seed=20)], {"dims": [2, 0, 1]}, lambda x: x.permute(2, 0, 1))
f.case("permute", "negative dims", [randn(2, 3, 4, seed=20)], {"dims": [-1, -3, -2]}, lambda x: x.permute(-1, -3, -2))
f.case("permute", "permuted input", [P234], {"dims": [1, 2, 0]}, lambda x: x.permute(1, 2, 0))
f.case("permute", "expanded input", [E234], {"dims": [2, 1, 0]}, lambda x: x.permute(2, 1, 0))
f.case("permute", "0-d", [r0(21)], {"dims": []}, lambda x: x.permute(()))
f.case("permute", "size-0", [randn(2, 0, 3, seed=21)], {"dims": [2, 1, 0]}, lambda x: x.permute(2, 1, 0))
f.case("permute", "error: too few dims", [randn(2, 3, seed=22)], {"dims": [0]}, lambda x: x.permute(0),
       error="ShapeError")
f.case("permute", "error: repeated dim", [randn(2, 3, seed=22)], {"dims": [0, 0]}, lambda x: x.permute(0, 0),
       error="ValueError")
f.case("permute", "error: dim out of range", [randn(2, 3, seed=22)], {"dims": [0, 2]}, lambda x: x.permute(0, 2),
       error="IndexError")
f.case("transpose", "2-D", [randn(2, 3, seed=23)], {"dim0": 0, "dim1": 1}, lambda x: x.transpose(0, 1))
f.case("transpose", "negative dims of strided", [SEL], {"dim0": -1, "dim1": 0}, lambda x: x.transpose(-1, 0))
f.case("transpose", "same dim", [randn(2, 3, seed=23)], {"dim0": 1, "dim1": -1}, lambda x: x.transpose(1, -1))
f.case("transpose", "0-d", [r0(23)], {"dim0": 0, "dim1": -1}, lambda x: x.transpose(0, -1))
f.case("transpose", "4-D stepped", [Input(randn(2, 3, 4, 6, seed=24), [["slice", 3, None, None, 3]])],
       {"dim0": 1, "dim1": 3}, lambda x: x.transpose(1, 3))
f.case("transpose", "error: dim out of range", [randn(2, 3, seed=23)], {"dim0": 0, "dim1": 2},
       lambda x: x.transpose(0, 2), error="IndexError")
f.case("t", "2-D", [randn(3, 2, seed=25)], {}, lambda x: x.t())
f.case("t", "transposed 2-D", [T34], {}, lambda x: x.t())
f.case("t", "1-D", [randn(4, seed=25)], {}, lambda x: x.t())
f.case("t", "0-d", [r0(25)], {}, lambda x: x.t())
f.case("t", "error: 3-D", [randn(2, 3, 4, seed=25)], {}, lambda x: x.t(), error="ShapeError")
f.case("movedim", "one dim", [randn(2, 3, 4, seed=26)], {"source": 0, "destination": 2}, lambda x: x.movedim(0, 2))
f.case("movedim", "negative", [randn(2, 3, 4, seed=26)], {"source": -1, "destination": 0},
       lambda x: x.movedim(-1, 0))
f.case("movedim", "lists", [randn(2, 3, 4, 5, seed=27)], {"source": [0, 1], "destination": [3, 0]},
       lambda x: x.movedim((0, 1), (3, 0)))
f.case("movedim", "lists on permuted", [P234], {"source": [2, 0], "destination": [0, 1]},
       lambda x: x.movedim((2, 0), (0, 1)))
f.case("movedim", "0-d", [r0(27)], {"source": 0, "destination": -1}, lambda x: x.movedim(0, -1))
f.case("movedim", "error: repeated source", [randn(2, 3, seed=27)], {"source": [0, 0], "destination": [0, 1]},
       lambda x: x.movedim((0, 0), (0, 1)), error="ValueError")
f.case("movedim", "error: repeated destination", [randn(2, 3, seed=27)], {"source": [0, 1], "destination": [1, 1]},
       lambda x: x.movedim((0, 1), (1, 1)), error="ValueError")
f.case("movedim", "error: length mismatch", [randn(2, 3, seed=27)], {"source": [0, 1], "destination": [0]},
       lambda x: x.movedim((0, 1), (0,)), error="ShapeError")
f.case("movedim", "error: dim out of range", [randn(2, 3, seed=27)], {"source": 2, "destination": 0},
       lambda x: x.movedim(2, 0), error="IndexError")

# ---- expand ----------------------------------------------------------------------------------------------------
f.case("expand", "size-1 dims", [randn(3, 1, seed=30)], {"shape": [3, 4]}, lambda x: x.expand(3, 4))
f.case("expand", "new leading dims and -1", [randn(3, 1, seed=30)], {"shape": [2, 2, -1, 5]},
       lambda x: x.expand(2, 2, -1, 5))
f.case("expand", "0-d", [r0(31)], {"shape": [2, 3]}, lambda x: x.expand(2, 3))
f.case("expand", "same shape", [T34], {"shape": [3, 4]}, lambda x: x.expand(3, 4))
f.case("expand", "strided size-1", [Input(randn(4, 1, 3, seed=32), [["permute", [1, 2, 0]]])], {"shape": [5, 3, 4]},
       lambda x: x.expand(5, 3, 4))
f.case("expand", "expanded again", [E234], {"shape": [2, 2, 3, 4]}, lambda x: x.expand(2, 2, 3, 4))
f.case("expand", "to size 0", [randn(1, 3, seed=33)], {"shape": [0, 3]}, lambda x: x.expand(0, 3))
f.case("expand", "new size-0 dim", [randn(1, 3, seed=33)], {"shape": [0, 1, 3]}, lambda x: x.expand(0, 1, 3))
f.case("expand", "int dtype", [ints(1, 3)], {"shape": [2, 3]}, lambda x: x.expand(2, 3))
f.case("expand", "error: non-singleton", [randn(2, 3, seed=34)], {"shape": [2, 4]}, lambda x: x.expand(2, 4),
       error="ShapeError")
f.case("expand", "error: too few sizes", [randn(2, 3, seed=34)], {"shape": [3]}, lambda x: x.expand(3),
       error="ShapeError")
f.case("expand", "error: -1 in a new dim", [randn(3, seed=34)], {"shape": [-1, 3]}, lambda x: x.expand(-1, 3),
       error="ShapeError")
f.case("expand", "error: negative size", [randn(1, 3, seed=34)], {"shape": [-2, 3]}, lambda x: x.expand(-2, 3),
       error="ShapeError")
f.case("expand_as", "to other's shape", [randn(3, 1, seed=35), randn(2, 3, 4, seed=36)], {},
       lambda x, o: x.expand_as(o))
f.case("expand_as", "error: mismatch", [randn(3, 2, seed=35), randn(2, 3, 4, seed=36)], {},
       lambda x, o: x.expand_as(o), error="ShapeError")

# ---- select / narrow / slice ------------------------------------------------------------------------------------
f.case("select", "dim 0", [randn(3, 4, seed=40)], {"dim": 0, "index": 1}, lambda x: x.select(0, 1))
f.case("select", "negative dim and index", [randn(3, 4, 5, seed=40)], {"dim": -1, "index": -2},
       lambda x: x.select(-1, -2))
f.case("select", "transposed", [T34], {"dim": 1, "index": 3}, lambda x: x.select(1, 3))
f.case("select", "expanded", [E234], {"dim": 2, "index": 0}, lambda x: x.select(2, 0))
f.case("select", "stepped", [S36], {"dim": 1, "index": 5}, lambda x: x.select(1, 5))
f.case("select", "1-D to 0-d", [randn(4, seed=41)], {"dim": 0, "index": 2}, lambda x: x.select(0, 2))
f.case("select", "next to size-0", [randn(2, 0, seed=41)], {"dim": 0, "index": 1}, lambda x: x.select(0, 1))
f.case("select", "error: index out of range", [randn(3, 4, seed=42)], {"dim": 1, "index": 4},
       lambda x: x.select(1, 4), error="IndexError")
f.case("select", "error: negative index out of range", [randn(3, 4, seed=42)], {"dim": 0, "index": -4},
       lambda x: x.select(0, -4), error="IndexError")
f.case("select", "error: 0-d", [r0(42)], {"dim": 0, "index": 0}, lambda x: x.select(0, 0),
       error="IndexError")
f.case("select", "error: dim out of range", [randn(3, 4, seed=42)], {"dim": 2, "index": 0},
       lambda x: x.select(2, 0), error="IndexError")
f.case("narrow", "middle", [randn(3, 6, seed=43)], {"dim": 1, "start": 2, "length": 3}, lambda x: x.narrow(1, 2, 3))
f.case("narrow", "negative start", [randn(3, 6, seed=43)], {"dim": -1, "start": -4, "length": 2},
       lambda x: x.narrow(-1, -4, 2))
f.case("narrow", "length 0 at the end", [randn(3, 6, seed=43)], {"dim": 1, "start": 6, "length": 0},
       lambda x: x.narrow(1, 6, 0))
f.case("narrow", "permuted", [P234], {"dim": 2, "start": 1, "length": 2}, lambda x: x.narrow(2, 1, 2))
f.case("narrow", "error: too long", [randn(3, 6, seed=43)], {"dim": 1, "start": 4, "length": 3},
       lambda x: x.narrow(1, 4, 3), error="IndexError")
f.case("narrow", "error: start out of range", [randn(3, 6, seed=43)], {"dim": 1, "start": 7, "length": 0},
       lambda x: x.narrow(1, 7, 0), error="IndexError")
f.case("narrow", "error: negative length", [randn(3, 6, seed=43)], {"dim": 1, "start": 0, "length": -1},
       lambda x: x.narrow(1, 0, -1), error="IndexError")


def py_slice(dim, start, end, step):
    def fn(x):
        idx = [slice(None)] * x.dim()
        idx[dim] = slice(start, end, step)
        return x[tuple(idx)]

    return fn


for name, x, (dim, start, end, step) in [
    ("basic", randn(6, 4, seed=50), (0, 1, 4, 1)),
    ("step 2", randn(7, 3, seed=51), (0, None, None, 2)),
    ("step 3 from 1", randn(3, 10, seed=52), (1, 1, None, 3)),
    ("negative bounds", randn(3, 10, seed=52), (1, -7, -2, 2)),
    ("clamped bounds", randn(3, 10, seed=52), (1, -20, 20, 4)),
    ("empty: start after end", randn(3, 10, seed=52), (1, 6, 2, 1)),
    ("empty: start past size", randn(3, 10, seed=52), (-1, 12, None, 1)),
    ("step larger than size", randn(3, 4, seed=53), (1, None, None, 9)),
    ("size-0 dim", randn(0, 4, seed=53), (0, 1, 3, 2)),
    ("negative dim", randn(2, 3, 8, seed=54), (-1, 1, 7, 2)),
    ("transposed", T34, (0, 1, None, 2)),
    ("stepped again", S36, (1, None, None, 2)),
    ("expanded", E234, (2, 1, 3, 1)),
    ("permuted", P234, (1, 2, 0, 1)),
]:
    f.case("slice", name, [x], {"dim": dim, "start": start, "end": end, "step": step}, py_slice(dim, start, end, step))
f.case("slice", "error: step 0", [randn(3, 4, seed=55)], {"dim": 0, "start": None, "end": None, "step": 0},
       py_slice(0, None, None, 0), error="ValueError")
f.case("slice", "error: negative step", [randn(3, 4, seed=55)], {"dim": 0, "start": None, "end": None, "step": -1},
       py_slice(0, None, None, -1), error="ValueError")
f.case("slice", "error: 0-d", [r0(55)], {"dim": 0, "start": 0, "end": 1, "step": 1},
       lambda x: x[0:1], error="IndexError")
f.case("slice", "error: dim out of range", [randn(3, 4, seed=55)], {"dim": 2, "start": 0, "end": 1, "step": 1},
       lambda x: x.narrow(2, 0, 1), error="IndexError")

# ---- unsqueeze / squeeze / flatten / unflatten ------------------------------------------------------------------
for dim in [0, 1, 2, -1, -3]:
    f.case("unsqueeze", f"dim {dim}", [randn(2, 3, seed=60)], {"dim": dim}, lambda x, d=dim: x.unsqueeze(d))
f.case("unsqueeze", "0-d", [r0(61)], {"dim": -1}, lambda x: x.unsqueeze(-1))
f.case("unsqueeze", "transposed", [T34], {"dim": 1}, lambda x: x.unsqueeze(1))
f.case("unsqueeze", "expanded", [E234], {"dim": 3}, lambda x: x.unsqueeze(3))
f.case("unsqueeze", "error: dim out of range", [randn(2, 3, seed=62)], {"dim": 3}, lambda x: x.unsqueeze(3),
       error="IndexError")
f.case("unsqueeze", "error: negative dim out of range", [randn(2, 3, seed=62)], {"dim": -4},
       lambda x: x.unsqueeze(-4), error="IndexError")


def squeeze_dims(dims):
    """squeeze over a list of dims (PyTorch 2.0's squeeze(tuple)), done one dim at a time from the last."""

    def fn(x):
        nd = x.dim()
        for d in sorted({d % max(nd, 1) for d in dims}, reverse=True):
            x = x.squeeze(d)
        return x

    return fn


f.case("squeeze", "all", [randn(1, 2, 1, 3, 1, seed=63)], {"dim": None}, lambda x: x.squeeze())
f.case("squeeze", "one dim", [randn(1, 2, 1, 3, seed=63)], {"dim": 2}, lambda x: x.squeeze(2))
f.case("squeeze", "negative dim", [randn(1, 2, 1, seed=63)], {"dim": -1}, lambda x: x.squeeze(-1))
f.case("squeeze", "dim of size > 1 is kept", [randn(1, 2, 1, seed=63)], {"dim": 1}, lambda x: x.squeeze(1))
f.case("squeeze", "list of dims", [randn(1, 2, 1, 3, 1, seed=64)], {"dim": [0, -1, 1]}, squeeze_dims([0, -1, 1]))
f.case("squeeze", "0-d", [r0(64)], {"dim": 0}, lambda x: x.squeeze(0))
f.case("squeeze", "all of 1x1", [randn(1, 1, seed=64)], {"dim": None}, lambda x: x.squeeze())
f.case("squeeze", "unsqueezed strided", [U], {"dim": 1}, lambda x: x.squeeze(1))
f.case("squeeze", "size-0 kept", [randn(1, 0, seed=64)], {"dim": None}, lambda x: x.squeeze())
f.case("squeeze", "expanded size-1", [Input(randn(1, 3, seed=65), [["expand", [1, 1, 3]]])], {"dim": None},
       lambda x: x.squeeze())
f.case("squeeze", "error: dim out of range", [randn(1, 2, seed=66)], {"dim": 2}, lambda x: x.squeeze(2),
       error="IndexError")
f.case("flatten", "all", [randn(2, 3, 4, seed=70)], {"startDim": 0, "endDim": -1}, lambda x: x.flatten())
f.case("flatten", "middle", [randn(2, 3, 4, 5, seed=70)], {"startDim": 1, "endDim": 2}, lambda x: x.flatten(1, 2))
f.case("flatten", "negative dims", [randn(2, 3, 4, 5, seed=70)], {"startDim": -3, "endDim": -2},
       lambda x: x.flatten(-3, -2))
f.case("flatten", "same dim", [randn(2, 3, seed=70)], {"startDim": 1, "endDim": 1}, lambda x: x.flatten(1, 1))
f.case("flatten", "0-d", [r0(71)], {"startDim": 0, "endDim": -1}, lambda x: x.flatten())
f.case("flatten", "permuted (copy)", [P234], {"startDim": 0, "endDim": -1}, lambda x: x.flatten())
f.case("flatten", "expanded", [E234], {"startDim": 1, "endDim": 2}, lambda x: x.flatten(1, 2))
f.case("flatten", "size-0", [randn(2, 0, 3, seed=71)], {"startDim": 0, "endDim": 1}, lambda x: x.flatten(0, 1))
f.case("flatten", "error: start after end", [randn(2, 3, 4, seed=72)], {"startDim": 2, "endDim": 1},
       lambda x: x.flatten(2, 1), error="ValueError")
f.case("flatten", "error: dim out of range", [randn(2, 3, seed=72)], {"startDim": 0, "endDim": 2},
       lambda x: x.flatten(0, 2), error="IndexError")
f.case("unflatten", "split last", [randn(2, 12, seed=73)], {"dim": 1, "sizes": [3, 4]}, lambda x: x.unflatten(1, (3, 4)))
f.case("unflatten", "infer", [randn(2, 12, seed=73)], {"dim": -1, "sizes": [2, -1, 3]},
       lambda x: x.unflatten(-1, (2, -1, 3)))
f.case("unflatten", "size-1 pieces", [randn(2, 3, seed=73)], {"dim": 0, "sizes": [1, 2, 1]},
       lambda x: x.unflatten(0, (1, 2, 1)))
f.case("unflatten", "transposed", [T34], {"dim": 1, "sizes": [2, 2]}, lambda x: x.unflatten(1, (2, 2)))
f.case("unflatten", "error: sizes do not multiply", [randn(2, 12, seed=74)], {"dim": 1, "sizes": [5, 2]},
       lambda x: x.unflatten(1, (5, 2)), error="ShapeError")
f.case("unflatten", "error: empty sizes", [randn(2, 12, seed=74)], {"dim": 1, "sizes": []},
       lambda x: x.unflatten(1, ()), error="ShapeError")
f.case("unflatten", "error: two -1", [randn(2, 12, seed=74)], {"dim": 1, "sizes": [-1, -1]},
       lambda x: x.unflatten(1, (-1, -1)), error="ShapeError")

# ---- split / chunk ------------------------------------------------------------------------------------------------
f.case("split", "even", [randn(6, 2, seed=80)], {"split": 2, "dim": 0}, lambda x: x.split(2, 0))
f.case("split", "ragged last", [randn(3, 7, seed=80)], {"split": 3, "dim": -1}, lambda x: x.split(3, -1))
f.case("split", "larger than size", [randn(3, 2, seed=80)], {"split": 5, "dim": 0}, lambda x: x.split(5, 0))
f.case("split", "sections", [randn(2, 6, seed=81)], {"split": [1, 0, 3, 2], "dim": 1},
       lambda x: x.split([1, 0, 3, 2], 1))
f.case("split", "permuted", [P234], {"split": [1, 3], "dim": 2}, lambda x: x.split([1, 3], 2))
f.case("split", "size-0 dim", [randn(0, 2, seed=81)], {"split": 2, "dim": 0}, lambda x: x.split(2, 0))
f.case("split", "size 0 of size-0 dim", [randn(0, 2, seed=81)], {"split": 0, "dim": 0}, lambda x: x.split(0, 0))
f.case("split", "error: size 0", [randn(3, 2, seed=82)], {"split": 0, "dim": 0}, lambda x: x.split(0, 0),
       error="ValueError")
f.case("split", "error: sections do not sum", [randn(3, 2, seed=82)], {"split": [1, 1], "dim": 0},
       lambda x: x.split([1, 1], 0), error="ShapeError")
f.case("split", "error: negative section", [randn(3, 2, seed=82)], {"split": [4, -1], "dim": 0},
       lambda x: x.split([4, -1], 0), error="ValueError")
f.case("chunk", "even", [randn(6, 2, seed=83)], {"chunks": 3, "dim": 0}, lambda x: x.chunk(3, 0))
f.case("chunk", "uneven", [randn(2, 5, seed=83)], {"chunks": 3, "dim": 1}, lambda x: x.chunk(3, 1))
f.case("chunk", "fewer pieces than asked", [randn(2, 5, seed=83)], {"chunks": 4, "dim": -1},
       lambda x: x.chunk(4, -1))
f.case("chunk", "more chunks than size", [randn(2, 3, seed=83)], {"chunks": 6, "dim": 1}, lambda x: x.chunk(6, 1))
f.case("chunk", "size-0 dim", [randn(0, 2, seed=83)], {"chunks": 3, "dim": 0}, lambda x: x.chunk(3, 0))
f.case("chunk", "transposed", [T34], {"chunks": 2, "dim": 1}, lambda x: x.chunk(2, 1))
f.case("chunk", "error: 0 chunks", [randn(2, 3, seed=84)], {"chunks": 0, "dim": 0}, lambda x: x.chunk(0, 0),
       error="ValueError")
f.case("chunk", "error: 0-d", [r0(84)], {"chunks": 1, "dim": 0}, lambda x: x.chunk(1, 0),
       error="ShapeError")

# ---- contiguous / clone / detach ------------------------------------------------------------------------------
SPECIAL = torch.tensor([[0.0, float("nan"), 1.5], [float("inf"), -float("inf"), -0.0]])
for op, fn in [("contiguous", lambda x: x.contiguous()), ("clone", lambda x: x.clone()),
               ("detach", lambda x: x.detach())]:
    f.case(op, "contiguous", [randn(2, 3, seed=90)], {}, fn)
    f.case(op, "transposed", [T34], {}, fn)
    f.case(op, "stepped", [S36], {}, fn)
    f.case(op, "permuted", [P234], {}, fn)
    f.case(op, "expanded", [E234], {}, fn)
    f.case(op, "selected", [SEL], {}, fn)
    f.case(op, "0-d", [r0(91)], {}, fn)
    f.case(op, "size-0", [randn(2, 0, seed=91)], {}, fn)
    f.case(op, "nan and inf", [Input(SPECIAL, [["transpose", 0, 1]])], {}, fn)
    f.case(op, "int", [Input(ints(3, 4), [["transpose", 0, 1]])], {}, fn)
    f.case(op, "bool", [Input(randn(3, 4, seed=92) > 0, [["slice", 1, None, None, 2]])], {}, fn)

f.save()
