"""Fixtures for the in-place ops: add_ sub_ mul_ div_ copy_ fill_ zero_ clamp_ relu_.

Each case returns the mutated target and, when the target is a view, its base too (params["base"] is the base's
shape), so the written values and the untouched ones are both compared. The "aliased" op writes one view of a
single base through another view of it (params["target"], params["other"]: view ops; "other" null is the
target itself).
"""
import torch

from common import Fixture, Input, apply_view, bools, ints, num, randn

torch.manual_seed(0)
f = Fixture("inplace")
nan, inf = float("nan"), float("inf")


EDGE = torch.tensor([0.0, -0.0, 1.0, -1.0, 0.5, -2.5, inf, -inf, nan, 3e38, -1e-30])


def inplace_case(op, name, target, others, params, fn, error=None):
    """`target`: a tensor or an Input (a view of a base); `others`: the other inputs (None for a number)."""
    inp = target if isinstance(target, Input) else Input(target)
    params = dict(params)
    if inp.view:
        params["base"] = list(inp.base.shape)

    def run(t, *rest):
        out = fn(t, *rest)
        return (out, inp.base) if inp.view else out

    f.case(op, name, [inp, *others], params, run, error=error)


# ---- add_, sub_, mul_, div_ ---------------------------------------------------------------------------

METHODS = {"add_": "add_", "sub_": "sub_", "mul_": "mul_", "div_": "div_"}


def binary_case(op, name, target, other, error=None):
    """`other`: a tensor, an Input or a Python number/bool (sent as params["other"])."""
    if torch.is_tensor(other) or isinstance(other, Input):
        inplace_case(op, name, target, [other], {}, lambda t, o: getattr(t, op)(o), error=error)
    else:
        inplace_case(op, name, target, [None], {"other": num(other)}, lambda t, _: getattr(t, op)(other), error=error)


for op in METHODS:
    bool_sub = "DTypeError" if op == "sub_" else None
    binary_case(op, "same shape", randn(2, 3), randn(2, 3))
    binary_case(op, "broadcast row", randn(2, 3), randn(3))
    binary_case(op, "broadcast column", randn(2, 3), randn(2, 1))
    binary_case(op, "0-d other", randn(2, 3), torch.tensor(1.5))
    binary_case(op, "float scalar", randn(2, 3), 2.5)
    binary_case(op, "int scalar", randn(2, 3), 3)
    binary_case(op, "bool scalar", randn(2, 3), True, error=bool_sub)
    binary_case(op, "0-d target", torch.tensor(2.0), torch.tensor(-0.5))
    binary_case(op, "permuted other", randn(2, 3), Input(randn(3, 2), [["permute", [1, 0]]]))
    binary_case(op, "expanded other", randn(4, 3), Input(randn(1, 3), [["expand", [4, 3]]]))
    binary_case(op, "into a permuted view", Input(randn(2, 3, 4), [["permute", [2, 0, 1]]]), randn(4, 2, 3))
    binary_case(op, "into a step-sliced view", Input(randn(4, 6), [["slice", 1, 1, 6, 2]]), randn(4, 3))
    binary_case(op, "into a step-sliced view, broadcast", Input(randn(5, 4), [["slice", 0, 0, 5, 2]]), randn(4))
    binary_case(op, "into a selected row", Input(randn(3, 4), [["select", 0, 1]]), randn(4))
    binary_case(op, "into a transposed view, scalar", Input(randn(3, 2), [["transpose", 0, 1]]), -1.5)
    binary_case(op, "size-0 target", randn(0, 3), randn(3))
    binary_case(op, "edge values", EDGE.clone(), EDGE.flip(0))
    binary_case(op, "int target, int other", ints(2, 3, lo=1), ints(2, 3, lo=1),
                error="DTypeError" if op == "div_" else None)
    binary_case(op, "int target, bool other", ints(2, 3), bools(3),
                error="DTypeError" if op in ("div_", "sub_") else None)
    binary_case(op, "int target, int scalar", ints(2, 3), 2, error="DTypeError" if op == "div_" else None)
    binary_case(op, "float target, int other", randn(2, 3), ints(3, lo=1))
    binary_case(op, "float target, bool other", randn(2, 3), bools(2, 3), error=bool_sub)
    binary_case(op, "bool target, bool other", bools(2, 3), bools(2, 3),
                error="DTypeError" if op in ("sub_", "div_") else None)
    binary_case(op, "int target, float other", ints(2, 3), randn(2, 3), error="DTypeError")
    binary_case(op, "int target, float scalar", ints(2, 3), 0.5, error="DTypeError")
    binary_case(op, "bool target, int other", bools(2, 3), ints(2, 3), error="DTypeError")
    binary_case(op, "bool target, int scalar", bools(2, 3), 2, error="DTypeError")
    binary_case(op, "other larger than target", randn(3), randn(2, 3), error="ShapeError")
    binary_case(op, "other wider than target", randn(2, 1), randn(2, 3), error="ShapeError")
    binary_case(op, "not broadcastable", randn(2, 3), randn(2), error="ShapeError")
    binary_case(op, "into an expanded view", Input(randn(1, 3), [["expand", [2, 3]]]), randn(2, 3),
                error="RuntimeError")

binary_case("mul_", "int products wrap", torch.tensor([40000, -7]), torch.tensor([40000, 3]))

# ---- copy_ --------------------------------------------------------------------------------------------


def copy_case(name, target, src, error=None):
    inplace_case("copy_", name, target, [src], {}, lambda t, s: t.copy_(s), error=error)


copy_case("same shape", randn(2, 3), randn(2, 3))
copy_case("broadcast row", randn(2, 3), randn(3))
copy_case("0-d source", randn(2, 3), torch.tensor(4.5))
copy_case("permuted source", randn(2, 3), Input(randn(3, 2), [["permute", [1, 0]]]))
copy_case("expanded source", randn(3, 4), Input(randn(3, 1), [["expand", [3, 4]]]))
copy_case("into a permuted view", Input(randn(2, 3, 4), [["permute", [1, 2, 0]]]), randn(3, 4, 2))
copy_case("into a step-sliced view", Input(randn(3, 7), [["slice", 1, 0, 7, 3]]), randn(3, 3))
copy_case("into a step-sliced view from a step-sliced source", Input(randn(6, 2), [["slice", 0, 1, 6, 2]]),
          Input(randn(2, 9), [["slice", 1, 0, 9, 4], ["transpose", 0, 1]]))
copy_case("into a selected column", Input(randn(3, 4), [["select", 1, 2]]), randn(3))
copy_case("size-0", randn(2, 0), randn(0))
copy_case("float into int", ints(2, 4), torch.tensor([[0.0, -0.0, 2.7, -2.7], [0.5, -0.5, 1e9, -123456.75]]))
copy_case("float into bool", bools(11), EDGE)
copy_case("int into float", randn(2, 3), ints(2, 3))
copy_case("int into bool", bools(2, 3), ints(2, 3, lo=-1, hi=2))
copy_case("bool into int", ints(2, 3), bools(2, 3))
copy_case("bool into float", randn(2, 3), bools(3))
copy_case("edge values", randn(11), EDGE)
copy_case("source larger than target", randn(3), randn(2, 3), error="ShapeError")
copy_case("not broadcastable", randn(2, 3), randn(2), error="ShapeError")
copy_case("into an expanded view", Input(randn(3, 1), [["expand", [3, 2]]]), randn(3, 2), error="RuntimeError")

# ---- fill_, zero_ -------------------------------------------------------------------------------------


def fill_case(name, target, value, error=None):
    inplace_case("fill_", name, target, [], {"value": num(value)}, lambda t: t.fill_(value), error=error)


fill_case("float", randn(2, 3), 2.7)
fill_case("float with an int", randn(2, 3), -4)
fill_case("float with a bool", randn(2, 3), True)
fill_case("float with nan", randn(3), nan)
fill_case("float with -inf", randn(3), -inf)
fill_case("int with a fraction", ints(2, 3), 2.7)
fill_case("int with a negative fraction", ints(2, 3), -1.5)
fill_case("int with a bool", ints(2, 3), True)
fill_case("bool with a number", bools(2, 3), 2.7)
fill_case("bool with zero", bools(2, 3), 0)
fill_case("bool with nan", bools(2, 3), nan)
fill_case("0-d", torch.tensor(1.0), -3.25)
fill_case("size-0", randn(0, 2), 1.5)
fill_case("into a permuted view", Input(randn(2, 3, 4), [["permute", [2, 1, 0]]]), 9.5)
fill_case("into a step-sliced view", Input(randn(4, 5), [["slice", 1, 1, 5, 2], ["slice", 0, 0, 4, 3]]), -2)
fill_case("into a selected row", Input(ints(3, 3), [["select", 0, 2]]), 7)
fill_case("into an expanded view (allowed: one value everywhere)", Input(randn(3, 1), [["expand", [3, 4]]]), 1.5)

for name, target in [
    ("float", randn(2, 3)),
    ("int", ints(2, 3)),
    ("bool", bools(2, 3)),
    ("into a permuted view", Input(randn(2, 3), [["permute", [1, 0]]])),
    ("into a step-sliced view", Input(randn(7), [["slice", 0, 1, 7, 2]])),
    ("size-0", randn(0)),
    ("into an expanded view", Input(randn(1, 3), [["expand", [2, 3]]])),
]:
    inplace_case("zero_", name, target, [], {}, lambda t: t.zero_())

# ---- clamp_ -------------------------------------------------------------------------------------------


def clamp_case(name, target, lo, hi, error=None):
    inplace_case("clamp_", name, target, [], {"min": num(lo), "max": num(hi)}, lambda t: t.clamp_(lo, hi),
                 error=error)


clamp_case("both bounds", randn(3, 4) * 2, -1.5, 0.5)
clamp_case("min only", randn(3, 4), 0, None)
clamp_case("max only", randn(3, 4), None, 0.25)
clamp_case("min above max", randn(3, 4), 1.5, -0.5)
clamp_case("edge values", EDGE.clone(), -1.5, 2.5)
clamp_case("nan bound", EDGE.clone(), -1.5, nan)
clamp_case("into a permuted view", Input(randn(2, 3, 4), [["permute", [2, 0, 1]]]), -0.5, 0.5)
clamp_case("into a step-sliced view", Input(randn(6, 3), [["slice", 0, 1, 6, 2]]), 0, None)
clamp_case("int with int bounds", ints(3, 4), -2, 3)
clamp_case("size-0", randn(0, 3), -1, 1)
clamp_case("int with a float bound", ints(3, 4), -1.5, None, error="DTypeError")
clamp_case("bool with int bounds", bools(3, 4), 0, 1, error="DTypeError")
clamp_case("no bounds", randn(3), None, None, error="ValueError")
clamp_case("into an expanded view", Input(randn(1, 3), [["expand", [2, 3]]]), 0, 1, error="RuntimeError")

# ---- writes between views of one base -----------------------------------------------------------------


def aliased_case(name, op, base, target_view, other_view, value=None, error=None):
    """`op` (e.g. "add_") on `apply_view(base, target_view)` with `apply_view(base, other_view)` (the target
    itself when `other_view` is None)."""
    params = {"op": op, "target": [list(v) for v in target_view],
              "other": None if other_view is None else [list(v) for v in other_view]}

    def run(b):
        t = apply_view(b, target_view)
        o = t if other_view is None else apply_view(b, other_view)
        return getattr(t, op)(o), b

    f.case("aliased", name, [base], params, run, error=error)


aliased_case("x.add_(x)", "add_", randn(2, 3), [], None)
aliased_case("x.mul_(x) through a permuted view", "mul_", randn(2, 3), [["permute", [1, 0]]], None)
aliased_case("x.copy_(x)", "copy_", randn(4), [], None)
aliased_case("same layout, two view objects", "sub_", randn(3, 3), [["transpose", 0, 1]], [["transpose", 0, 1]])
aliased_case("disjoint rows", "add_", randn(2, 3), [["select", 0, 1]], [["select", 0, 0]])
aliased_case("disjoint interleaved slices", "mul_", randn(8), [["slice", 0, 0, 8, 2]], [["slice", 0, 1, 8, 2]])
aliased_case("disjoint halves copy", "copy_", randn(6), [["slice", 0, 0, 3, 1]], [["slice", 0, 3, 6, 1]])
aliased_case("strided views that overlap, reading ahead", "add_", torch.tensor([[1.0, 2, 3], [4, 5, 6]]),
             [["slice", 1, 0, 2, 1]], [["slice", 1, 1, 3, 1]])
aliased_case("row broadcast from a disjoint row", "div_", randn(3, 4).abs() + 1, [["slice", 0, 1, 3, 1]],
             [["select", 0, 0]])
aliased_case("dense views that partly overlap", "add_", randn(6), [["slice", 0, 1, 6, 1]], [["slice", 0, 0, 5, 1]],
             error="RuntimeError")
aliased_case("broadcast from one of its own elements", "add_", randn(4), [], [["select", 0, 0]], error="RuntimeError")
aliased_case("x.add_(x.t())", "add_", randn(3, 3), [], [["transpose", 0, 1]], error="RuntimeError")
aliased_case("copy_ between dense views that partly overlap", "copy_", randn(5), [["slice", 0, 1, 5, 1]],
             [["slice", 0, 0, 4, 1]], error="RuntimeError")

# ---- relu_ -------------------------------------------------------------------------------------------

inplace_case("relu_", "float", EDGE.clone(), [], {}, lambda t: t.relu_())
inplace_case("relu_", "int", ints(3, 4), [], {}, lambda t: t.relu_())
inplace_case("relu_", "into a step-sliced view", Input(randn(6, 3), [["slice", 0, 1, 6, 2]]), [], {},
             lambda t: t.relu_())
inplace_case("relu_", "size-0", randn(0, 3), [], {}, lambda t: t.relu_())

f.save()
