"""Fixtures for the elementwise ops: binary arithmetic and comparisons, where, unary math and activations,
clamp, relu's backward thresholdBackward, and the dtype cast `to`.

Numbers mix in as PyTorch's wrapped scalars: a case passes them in params ("a"/"b"; nan and infinities as
strings) with a None input. JS cannot tell 2 from 2.0, so float scalars here are never integral.
"""
import torch
import torch.nn.functional as F

from common import Fixture, Input, bools, ints, num, randn

torch.manual_seed(0)
f = Fixture("elementwise")
nan, inf = float("nan"), float("inf")


EDGE = torch.tensor([0.0, -0.0, 1.0, -1.0, 0.5, -2.5, inf, -inf, nan, 3e38, -1e-30, 88.0, -100.0])

# ---- binary ops ---------------------------------------------------------------------------------------

def as_tensor(v):
    return v if torch.is_tensor(v) else torch.tensor(v)


# Python's operators, so that a number may stand on either side
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
    # minimum/maximum take no Python number: a 0-d tensor of the number's dtype promotes the same way
    "minimum": lambda a, b: torch.minimum(as_tensor(a), as_tensor(b)),
    "maximum": lambda a, b: torch.maximum(as_tensor(a), as_tensor(b)),
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "logicalAnd": lambda a, b: torch.logical_and(as_tensor(a), as_tensor(b)),
    "logicalOr": lambda a, b: torch.logical_or(as_tensor(a), as_tensor(b)),
    "logicalXor": lambda a, b: torch.logical_xor(as_tensor(a), as_tensor(b)),
}


def is_operand(v):
    return v is None or torch.is_tensor(v) or isinstance(v, Input)


def is_bool(v):
    t = v.tensor if isinstance(v, Input) else v
    return isinstance(t, bool) or (torch.is_tensor(t) and t.dtype == torch.bool)


def binary_case(op, name, a, b, error=None, **kw):
    """`a`, `b`: tensors, Inputs, or Python numbers/bools (sent in params as "a"/"b"). Subtraction with a bool
    and bool ** bool are PyTorch's dtype errors."""
    if (op == "sub" and (is_bool(a) or is_bool(b))) or (op == "pow" and is_bool(a) and is_bool(b)):
        error = "DTypeError"
    params = {}
    for key, v in (("a", a), ("b", b)):
        if not is_operand(v):
            params[key] = num(v)
    inputs = [a if is_operand(a) else None, b if is_operand(b) else None]

    def run(x, y):
        return BINARY[op](a if x is None else x, b if y is None else y)

    f.case(op, name, inputs, params, run, error=error, **kw)


def positive(t):
    return t.abs() + 0.5


for op in BINARY:
    # pow of negative bases to fractional powers is nan: keep bases positive in the float cases
    base = positive if op == "pow" else (lambda t: t)
    binary_case(op, "same shape", base(randn(2, 3)), randn(2, 3))
    binary_case(op, "broadcast row", base(randn(2, 3)), randn(3))
    binary_case(op, "broadcast both ways", base(randn(3, 1)), randn(1, 4))
    binary_case(op, "broadcast rank 3 against 2", base(randn(4, 1, 2)), randn(3, 1))
    binary_case(op, "permuted left", Input(base(randn(3, 2)), [["permute", [1, 0]]]), randn(2, 3))
    binary_case(op, "both permuted 3-d", Input(base(randn(2, 3, 4)), [["permute", [2, 0, 1]]]),
                Input(randn(4, 3, 2), [["transpose", 1, 2]]))
    binary_case(op, "step-sliced right", base(randn(2, 3)), Input(randn(2, 7), [["slice", 1, 1, 7, 2]]))
    binary_case(op, "expanded left", Input(base(randn(1, 3)), [["expand", [4, 3]]]), randn(4, 3))
    binary_case(op, "scalar right", base(randn(2, 3)), 1.5)
    binary_case(op, "scalar left", 2.5, randn(2, 3))
    binary_case(op, "0-d tensor right", base(randn(2, 3)), torch.tensor(0.75))
    binary_case(op, "0-d and 0-d", base(torch.tensor(1.25)), torch.tensor(-0.5))
    binary_case(op, "size-0 dim", base(randn(0, 3)), randn(3))
    binary_case(op, "size-0 against size-1", base(randn(2, 0)), randn(2, 1))
    binary_case(op, "size-1 dims", base(randn(1, 1, 3)), randn(2, 1, 1))
    binary_case(op, "int int", ints(2, 3, lo=0 if op == "pow" else -5, hi=4 if op == "pow" else 6),
                ints(3, lo=0 if op == "pow" else -5, hi=4 if op == "pow" else 6))
    binary_case(op, "int float", ints(2, 3, lo=1), randn(2, 3))
    binary_case(op, "float bool", base(randn(2, 3)), bools(3))
    binary_case(op, "bool int", bools(2, 3), ints(2, 3, lo=0, hi=3))
    binary_case(op, "bool bool", bools(2, 3), bools(2, 3))
    binary_case(op, "int and int scalar", ints(2, 3, lo=0, hi=4), 2)
    binary_case(op, "int and float scalar", ints(2, 3, lo=1), 2.5)
    binary_case(op, "int and bool scalar", ints(2, 3, lo=0, hi=4), True)
    binary_case(op, "bool and int scalar", bools(2, 3), 3)
    binary_case(op, "bool and float scalar", bools(2, 3), 0.5)
    binary_case(op, "bool and bool scalar", bools(2, 3), True)
    binary_case(op, "float and bool scalar", base(randn(2, 3)), False)
    binary_case(op, "scalar and int tensor", 3, ints(2, 2, lo=0, hi=4))
    binary_case(op, "edge values", EDGE.reshape(13, 1), EDGE)
    binary_case(op, "edge values and nan scalar", EDGE, nan)
    binary_case(op, "edge values and inf scalar", EDGE, -inf)
    binary_case(op, "not broadcastable", randn(2, 3), randn(2), error="ShapeError")
    binary_case(op, "not broadcastable 3-d", randn(2, 3, 4), randn(3, 3, 1), error="ShapeError")

binary_case("pow", "int to negative int tensor", torch.tensor([2, 1, -1, 0, -1, 3]), torch.tensor([-1, -2, -3, -1, -2, 0]))
binary_case("pow", "int to negative scalar", ints(3), -1, error="ValueError")
binary_case("pow", "bool to negative scalar", bools(3), -2, error="ValueError")
binary_case("pow", "float to negative scalar", positive(randn(3)), -1)
binary_case("pow", "special bases", torch.tensor([1.0, 1.0, -1.0, -1.0, 0.0, 0.0, inf, nan, -2.0]),
            torch.tensor([nan, inf, inf, -inf, 0.0, -1.0, 0.0, 0.0, 3.0]))
binary_case("pow", "square of negatives", randn(2, 3), 2)
binary_case("pow", "large int powers", torch.tensor([3, -3, 2, 7]), torch.tensor([10, 11, 30, 5]))
binary_case("div", "int by zero", torch.tensor([1, 0, -1]), 0)
binary_case("mul", "int products", torch.tensor([40000, -40000, 123456]), torch.tensor([40000, 3, -7]))
binary_case("add", "large float", randn(3) * 1e30, randn(3) * 1e30)
binary_case("eq", "float against 0.1", torch.tensor([0.1, 0.2, 0.30000001]), 0.1)
binary_case("lt", "int against fractional", ints(2, 3), 0.5)
binary_case("maximum", "signed zeros", torch.tensor([0.0, -0.0]), torch.tensor([-0.0, 0.0]))

# ---- where --------------------------------------------------------------------------------------------


def where_case(name, cond, a, b, error=None):
    params = {}
    for key, v in (("a", a), ("b", b)):
        if not is_operand(v):
            params[key] = num(v)
    inputs = [cond, a if is_operand(a) else None, b if is_operand(b) else None]

    def run(c, x, y):
        return torch.where(c, a if x is None else x, b if y is None else y)

    f.case("where", name, inputs, params, run, error=error)


where_case("same shape", bools(2, 3), randn(2, 3), randn(2, 3))
where_case("broadcast all three", bools(3, 1), randn(1, 4), randn(3, 4))
where_case("broadcast cond", bools(4), randn(2, 3, 4), randn(3, 1))
where_case("permuted cond", Input(bools(3, 2), [["permute", [1, 0]]]), randn(2, 3), randn(2, 3))
where_case("step-sliced values", bools(2, 3), Input(randn(2, 6), [["slice", 1, 0, 6, 2]]), randn(3))
where_case("expanded cond", Input(bools(1, 3), [["expand", [2, 3]]]), randn(2, 3), randn(2, 3))
where_case("scalar other", bools(2, 3), randn(2, 3), 0.5)
where_case("two scalars", bools(2, 3), 1.5, -2.5)
where_case("two int scalars", bools(2, 3), 1, 0)
where_case("int tensor and float scalar", bools(2, 3), ints(2, 3), 0.5)
where_case("bool tensor and int scalar", bools(2, 3), bools(2, 3), 2)
where_case("float and int tensors", bools(2, 3), randn(2, 3), ints(2, 3))
where_case("int tensors", bools(2, 3), ints(2, 3), ints(3))
where_case("bool tensors", bools(2, 3), bools(2, 3), bools(2, 3))
where_case("0-d cond", torch.tensor(True), randn(2, 3), randn(2, 3))
where_case("size-0", bools(0, 3), randn(0, 3), randn(3))
where_case("nan values", bools(13), EDGE, nan)
where_case("int cond", ints(2, 3), randn(2, 3), randn(2, 3), error="DTypeError")
where_case("float cond", randn(2, 3), randn(2, 3), randn(2, 3), error="DTypeError")
where_case("not broadcastable", bools(2), randn(3), randn(3), error="ShapeError")

# ---- unary ops ----------------------------------------------------------------------------------------

UNARY = {
    "logicalNot": torch.logical_not,
    "neg": torch.neg,
    "abs": torch.abs,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "rsqrt": torch.rsqrt,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "silu": F.silu,
    "sign": torch.sign,
    "reciprocal": torch.reciprocal,
    "square": torch.square,
}
NO_BOOL = {"neg", "abs", "relu"}
FLOAT_ONLY = {"silu", "gelu"}


def unary_case(op, name, x, params=None, fn=None, error=None, **kw):
    params = params or {}
    f.case(op, name, [x], params, fn or UNARY[op], error=error, **kw)


def unary_cases(op, fn=None, params=None, suffix=""):
    for name, x in [
        ("2-d", randn(2, 3) * 2),
        ("permuted 3-d", Input(randn(2, 3, 4) * 2, [["permute", [2, 0, 1]]])),
        ("step-sliced", Input(randn(3, 8), [["slice", 1, 1, 8, 3]])),
        ("expanded", Input(randn(1, 4), [["expand", [3, 4]]])),
        ("selected row", Input(randn(3, 4), [["select", 0, 1]])),
        ("0-d", torch.tensor(-0.75)),
        ("size-0", randn(0, 4)),
        ("wide range", torch.linspace(-12, 12, 49)),
        ("edge values", EDGE),
        ("long contiguous", randn(300)),
    ]:
        unary_case(op, name + suffix, x, params, fn)
    int_error = "DTypeError" if op in FLOAT_ONLY else None
    bool_error = "DTypeError" if op in FLOAT_ONLY or op in NO_BOOL else None
    unary_case(op, "int" + suffix, ints(2, 5), params, fn, error=int_error)
    unary_case(op, "int permuted" + suffix, Input(ints(3, 2), [["permute", [1, 0]]]), params, fn, error=int_error)
    unary_case(op, "bool" + suffix, bools(2, 3), params, fn, error=bool_error)


for op in UNARY:
    unary_cases(op)

for approximate in ("none", "tanh"):
    unary_cases("gelu", lambda x, a=approximate: F.gelu(x, approximate=a), {"approximate": approximate},
                f", approximate {approximate}")
# PyTorch raises RuntimeError for a bad option: ours is a ValueError
unary_case("gelu", "bad approximate", randn(3), {"approximate": "fast"},
           lambda x: F.gelu(x, approximate="fast"), error="ValueError")

# ---- clamp --------------------------------------------------------------------------------------------


def clamp_case(name, x, lo, hi, error=None):
    f.case("clamp", name, [x], {"min": num(lo), "max": num(hi)}, lambda t: torch.clamp(t, lo, hi), error=error)


clamp_case("both bounds", randn(3, 4) * 2, -1.5, 0.5)
clamp_case("min only", randn(3, 4), 0, None)
clamp_case("max only", randn(3, 4), None, 0.25)
clamp_case("min above max", randn(3, 4), 1.5, -0.5)
clamp_case("nan input", EDGE, -1.5, 2.5)
clamp_case("nan min", EDGE, nan, 2.5)
clamp_case("nan max", EDGE, -1, nan)
# PyTorch 1.13 ignores a nan bound given alone
clamp_case("nan max only", EDGE, None, nan)
clamp_case("nan min only", EDGE, nan, None)
clamp_case("infinite bounds", EDGE, -inf, inf)
clamp_case("permuted", Input(randn(2, 3, 4), [["permute", [2, 1, 0]]]), -0.5, 0.5)
clamp_case("step-sliced", Input(randn(4, 6), [["slice", 0, 0, 4, 3]]), -0.5, 0.5)
clamp_case("0-d", torch.tensor(3.5), -1, 1)
clamp_case("size-0", randn(0, 2), -1, 1)
clamp_case("int with int bounds", ints(3, 4), -2, 3)
clamp_case("int with float bound", ints(3, 4), -1.5, None)
clamp_case("bool with int bound", bools(3, 4), 0, None)
clamp_case("bool with int bounds", bools(3, 4), 1, 0)
clamp_case("no bounds", randn(3), None, None, error="ValueError")

# ---- to -----------------------------------------------------------------------------------------------

DTYPES = {"float32": torch.float32, "int32": torch.int32, "bool": torch.bool}
for src_name, x in [
    ("float32", torch.tensor([[0.0, -0.0, 2.7, -2.7], [0.5, -0.5, 1e9, -123456.75]])),
    ("int32", ints(2, 4)),
    ("bool", bools(2, 4)),
]:
    for dst, dtype in DTYPES.items():
        f.case("to", f"{src_name} to {dst}", [x], {"dtype": dst}, lambda t, d=dtype: t.to(d))
        f.case("to", f"{src_name} to {dst}, permuted", [Input(x, [["permute", [1, 0]]])], {"dtype": dst},
               lambda t, d=dtype: t.to(d))
# x86's conversion: nan and out-of-range floats become INT32_MIN
f.case("to", "float32 edge values to int32", [EDGE], {"dtype": "int32"}, lambda t: t.to(torch.int32))
f.case("to", "float32 edge values to bool", [EDGE], {"dtype": "bool"}, lambda t: t.to(torch.bool))
f.case("to", "size-0", [randn(0, 3)], {"dtype": "int32"}, lambda t: t.to(torch.int32))
f.case("to", "0-d", [torch.tensor(-3.5)], {"dtype": "int32"}, lambda t: t.to(torch.int32))

# erf came after the other unary ops: its cases are drawn last, so the earlier cases keep their random values
UNARY["erf"] = torch.erf
unary_cases("erf")
unary_case("erf", "tails and zero", torch.tensor([-6.0, -3.0, -0.4, -1e-6, 0.0, 1e-6, 0.4, 3.0, 6.0]))

# ---- thresholdBackward (relu's backward) -------------------------------------------------------------


def threshold_backward_case(name, g, x, threshold, error=None):
    f.case("thresholdBackward", name, [g, x], {"threshold": threshold},
           lambda a, b: torch.ops.aten.threshold_backward(a, b, threshold), error=error)


threshold_backward_case("at zero, values on the threshold", randn(13), EDGE, 0.0)
threshold_backward_case("threshold 0.5", randn(13), EDGE, 0.5)
threshold_backward_case("negative threshold", randn(3, 4), randn(3, 4), -0.25)
threshold_backward_case("broadcast x", randn(2, 3), randn(3), 0.0)
threshold_backward_case("broadcast gradient", randn(3), randn(2, 3), 0.0)
threshold_backward_case("permuted and sliced", Input(randn(3, 2), [["permute", [1, 0]]]),
                        Input(randn(2, 6), [["slice", 1, 0, 6, 2]]), 0.0)
threshold_backward_case("int x", randn(3, 4), ints(3, 4), 0.0)
threshold_backward_case("int gradient", ints(3, 4), randn(3, 4), 0.0)
threshold_backward_case("0-d", torch.tensor(2.5), torch.tensor(1.0), 0.0)
threshold_backward_case("size-0", randn(0, 3), randn(0, 3), 0.0)
threshold_backward_case("shapes that do not broadcast", randn(3), randn(4), 0.0, error="ShapeError")

f.save()
