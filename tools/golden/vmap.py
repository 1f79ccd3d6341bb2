"""Fixtures for @bn/vmap from functorch (torch 1.13, `from functorch import vmap`): nested vmaps with in/out dims,
conv2d in its three foldings, batch_norm with batched/unbatched running stats, and vmap's error texts.

Writes `packages/vmap/test/fixtures/vmap.json`; `packages/vmap/test/fixtures.test.ts` replays every case through
@bn's `vmap`. A case is {kind, name, inputs, ..., outputs | error}; inputs are the physical tensors given to the
outermost vmap (null for None, {"scalar": v} for a Python number), recorded before the call.
"""
from pathlib import Path

import torch
import torch.nn.functional as F
from functorch import vmap
from torch.utils._pytree import _broadcast_to_and_flatten, tree_flatten, tree_unflatten

from common import Fixture, enc

torch.set_num_threads(1)  # one summation order, so the file is byte-reproducible
fx = Fixture("vmap", Path(__file__).resolve().parents[2] / "packages" / "vmap" / "test" / "fixtures")

# Tolerances the TS side uses per case: exact-ish for elementwise work, looser where sums run in another order.
EXACT = {"rtol": 1e-5, "atol": 1e-6}
SUMS = {"rtol": 1e-5, "atol": 1e-5}
CONV = {"rtol": 1e-4, "atol": 1e-5}


def tup(tree):
    """JSON dims (lists) as functorch's in_dims/out_dims (tuples)."""
    return tuple(tup(t) for t in tree) if isinstance(tree, list) else tree


def encode_input(v):
    if v is None:
        return None
    if isinstance(v, torch.Tensor):
        return enc(v)
    return {"scalar": v}


def flat_outputs(out):
    """The output's tensors in pytree order (a tensor, or nested tuples of tensors)."""
    return tree_flatten(out)[0]


def loop_vmap(f, in_dims=0, out_dims=0):
    """vmap's meaning, by a loop: `f` on each member's slices, stacked along out_dims (unbatched outputs repeat).
    Slices are views, so in-place updates (running stats) land in the caller's tensors as under vmap."""

    def mapped(*args):
        flat, spec = tree_flatten(args)
        dims = _broadcast_to_and_flatten(in_dims, spec)
        size = next(a.shape[d] for a, d in zip(flat, dims) if d is not None)
        members = [f(*tree_unflatten([a if d is None else a.select(d, b) for a, d in zip(flat, dims)], spec))
                   for b in range(size)]
        leaves = [tree_flatten(m)[0] for m in members]
        out_spec = tree_flatten(members[0])[1]
        out_flat = _broadcast_to_and_flatten(out_dims, out_spec)
        return tree_unflatten([torch.stack([m[i] for m in leaves], d) for i, d in enumerate(out_flat)], out_spec)

    return mapped


def fresh(inputs):
    return [t.clone() if isinstance(t, torch.Tensor) else t for t in inputs]


def record(case, inputs, call, error=False, functorch_wrong=None):
    """Records `call(vmap, inputs)` (the case's outputs as a tuple), or functorch's error. Inputs are recorded as
    given; each run gets copies. Outputs are checked against `call(loop_vmap, inputs)`; where functorch 1.13 is
    known to be wrong (`functorch_wrong` says how), the loop's outputs are recorded instead, with a note."""
    case["inputs"] = [encode_input(t) for t in inputs]
    if error:
        try:
            call(vmap, fresh(inputs))
        except Exception as e:  # noqa: BLE001 - the error text is what we record
            case["error"] = {"type": type(e).__name__, "message": str(e)}
        else:
            raise AssertionError(f"{case['kind']}/{case['name']}: functorch did not raise")
        fx.cases.append(case)
        return
    got = flat_outputs(call(vmap, fresh(inputs)))
    want = flat_outputs(call(loop_vmap, fresh(inputs)))
    agree = len(got) == len(want) and all(
        g.shape == w.shape and torch.allclose(g, w, rtol=1e-4, atol=1e-5) for g, w in zip(got, want))
    if functorch_wrong:
        assert not agree, f"{case['name']}: functorch agrees with the loop now"
        case["reference"] = "loop"
        case["note"] = functorch_wrong
    else:
        assert agree, f"{case['name']}: functorch disagrees with the loop"
    case["outputs"] = [enc(t) for t in (want if functorch_wrong else got)]
    fx.cases.append(case)


def insert_dim(shape, d, size):
    """`shape` with a mapped dim of `size` inserted where in_dim `d` (maybe negative) puts it."""
    shape = list(shape)
    shape.insert(d if d >= 0 else d + len(shape) + 1, size)
    return shape


# ---- 1. nested vmap ----------------------------------------------------------------------------------------------
# `fn` names a function the TS test defines identically; `levels` are the vmaps from the innermost out, each with
# in_dims over the arguments, out_dims over the outputs and its batch size; `args` groups the inputs into the
# argument tree (default: one argument per input).

NESTED_FNS = {
    "mulAdd": lambda a, b: a * b + a,
    "matmul": lambda a, b: a @ b,
    "sumMul": lambda a, b: (a * b).sum(-1),
    "permuteSub": lambda a, b: a.permute(1, 0) - b,
    "pair": lambda a, b: (a - b, (a * b).exp()),
    "centerScale": lambda a, b: a - a.mean(0, keepdim=True) * b,
    "double": lambda a, b: a * 2,
    "pairArg": lambda ab: ab[0] * ab[1].tanh(),
}


def flat_in_dims(dims, args):
    """One in_dim per input: `dims` broadcast over the argument tree `args` (lists of input indices)."""
    out = {}

    def walk(d, a):
        if isinstance(a, list):
            for i, sub in enumerate(a):
                walk(d[i] if isinstance(d, list) else d, sub)
        else:
            out[a] = d

    walk(dims, args)
    return [out[i] for i in range(len(out))]


def build_args(args, inputs):
    return tuple(build_args(a, inputs) for a in args) if isinstance(args, list) else inputs[args]


def nested(name, fn, shapes, levels, args=None, tol=EXACT, seed=0, functorch_wrong=None):
    args = args if args is not None else list(range(len(shapes)))
    physical = [list(s) for s in shapes]
    for level in levels:
        for i, d in enumerate(flat_in_dims(level["inDims"], args)):
            if d is not None:
                physical[i] = insert_dim(physical[i], d, level["batchSize"])
    torch.manual_seed(seed)
    inputs = [torch.randn(*s) for s in physical]

    def call(vmap_impl, inputs):
        f = NESTED_FNS[fn]
        for level in levels:
            f = vmap_impl(f, in_dims=tup(level["inDims"]), out_dims=tup(level["outDims"]))
        return f(*build_args(args, inputs))

    case = {"kind": "nested", "name": name, "fn": fn, "levels": levels, "args": args, **tol}
    record(case, inputs, call, functorch_wrong=functorch_wrong)


def lv(in_dims, out_dims, batch_size):
    return {"inDims": in_dims, "outDims": out_dims, "batchSize": batch_size}


nested("mulAdd: inner (1, None)->1, outer (0, 1)->-1", "mulAdd", [[3, 4], [4]],
       [lv([1, None], 1, 2), lv([0, 1], -1, 3)], seed=1)
nested("mulAdd: inner (-1, 0)->0, outer (-2, -1)->2", "mulAdd", [[3, 4], [4]],
       [lv([-1, 0], 0, 3), lv([-2, -1], 2, 2)], seed=2)
nested("matmul: inner (0, 0)->0, outer (-1, 1)->2", "matmul", [[2, 3], [3, 4]],
       [lv([0, 0], 0, 2), lv([-1, 1], 2, 3)], tol=SUMS, seed=3)
nested("matmul: inner (None, -1)->-1, outer (2, 0)->0 (a batched only outside)", "matmul", [[2, 3], [3, 4]],
       [lv([None, -1], -1, 3), lv([2, 0], 0, 2)], tol=SUMS, seed=4)
nested("matmul: inner (1, None)->-2, outer (None, 2)->1", "matmul", [[2, 3], [3, 2]],
       [lv([1, None], -2, 2), lv([None, 2], 1, 3)], tol=SUMS, seed=5)
nested("sumMul: inner (1, 1)->0, outer (-1, None)->1", "sumMul", [[3, 4], [3, 4]],
       [lv([1, 1], 0, 2), lv([-1, None], 1, 3)], tol=SUMS, seed=6)
nested("sumMul: inner (0, None)->-1, outer (0, 0)->-1", "sumMul", [[2, 5], [5]],
       [lv([0, None], -1, 3), lv([0, 0], -1, 2)], tol=SUMS, seed=7)
nested("permuteSub: inner (0, -1)->-2, outer (1, 0)->0", "permuteSub", [[3, 2], [2, 3]],
       [lv([0, -1], -2, 2), lv([1, 0], 0, 3)], seed=8)
nested("pair: inner (0, 0)->(0, -1), outer (1, None)->(-1, 0)", "pair", [[2, 3], [3]],
       [lv([0, 0], [0, -1], 2), lv([1, None], [-1, 0], 3)], seed=9)
nested("pair: inner 0->(1, 1), outer -1->0", "pair", [[2, 3], [2, 3]],
       [lv(0, [1, 1], 3), lv(-1, 0, 2)], seed=10)
nested("centerScale: inner (-1, None)->1, outer (0, 0)->-1", "centerScale", [[3, 2], [2]],
       [lv([-1, None], 1, 2), lv([0, 0], -1, 3)], tol=SUMS, seed=11)
nested("double: output unbatched inside, inner (None, 0)->1, outer (0, 0)->0", "double", [[2, 3], [4]],
       [lv([None, 0], 1, 2), lv([0, 0], 0, 3)], seed=12,
       functorch_wrong="functorch 1.13 expands an output unbatched at the inner level but batched at an outer one "
       "at the physical dim out_dim (counting the outer batch dim), so the new dim lands one place early; expected "
       "outputs are the loop's")
nested("double: output unbatched inside, inner (None, 0)->0, outer (1, 0)->-1", "double", [[2, 3], [4]],
       [lv([None, 0], 0, 2), lv([1, 0], -1, 3)], seed=16)
nested("mulAdd: three levels (0, None)->0, (None, 0)->1, (1, 1)->-1", "mulAdd", [[2, 3], [3]],
       [lv([0, None], 0, 2), lv([None, 0], 1, 3), lv([1, 1], -1, 2)], seed=13)
nested("matmul: batch sizes 1 and 4", "matmul", [[2, 3], [3, 2]],
       [lv([0, 1], 1, 1), lv([-1, 0], -1, 4)], tol=SUMS, seed=14)
nested("pairArg: in_dims trees ((0, None),)->0, ((1, 0),)->-1", "pairArg", [[2, 3], [3]],
       [lv([[0, None]], 0, 2), lv([[1, 0]], -1, 3)], args=[[0, 1]], seed=15)

# ---- 2. conv2d ---------------------------------------------------------------------------------------------------
# Inputs [x, weight, bias]; inDims over them; params are F.conv2d's keyword arguments. Foldings: the input batched
# (into N), the weight batched (into output channels), both (into groups), or only the bias.

CONV_VARIANTS = [
    {"stride": 1, "padding": 0, "dilation": 1},
    {"stride": 2, "padding": 1, "dilation": 1},
    {"stride": [1, 2], "padding": [1, 0], "dilation": [2, 1]},
    {"stride": 1, "padding": "same", "dilation": 1},
]
FOLDINGS = {"input": (True, False), "weight": (False, True), "both": (True, True)}
X_DIMS = [0, -1, 1, 2]  # physical positions of the input's mapped dim, in turn
W_DIMS = [0, 2, -1, 1]


def conv_case(name, x_shape, w_shape, bias, in_dims, out_dims, params, batch_size, seed):
    """`bias`: None, "unbatched" or "batched"; `in_dims` for (x, weight, bias)."""
    torch.manual_seed(seed)
    shapes = [x_shape, w_shape, None if bias is None else [w_shape[0]]]
    inputs = [None if s is None else torch.randn(*(s if d is None else insert_dim(s, d, batch_size)))
              for s, d in zip(shapes, in_dims)]
    kwargs = {k: tup(v) for k, v in params.items()}

    def conv(x, w, b):
        return F.conv2d(x, w, b, **kwargs)

    case = {"kind": "conv2d", "name": name, "inDims": in_dims, "outDims": out_dims, "params": params, **CONV}
    record(case, inputs, lambda vmap_impl, ins: vmap_impl(conv, in_dims=tuple(in_dims), out_dims=out_dims)(*ins))


index = 0
for folding, (x_batched, w_batched) in FOLDINGS.items():
    for groups in (1, 2, 3):
        for variant in CONV_VARIANTS[:3] if groups == 3 else CONV_VARIANTS:
            rank = 4 if index % 2 == 0 else 3
            bias = [None, "unbatched", "batched"][index % 3]
            size = 5 if groups < 3 else 4
            x_shape = ([2] if rank == 4 else []) + [2 * groups, size, size]
            w_shape = [2 * groups, 2, 3, 2] if index % 4 == 3 else [2 * groups, 2, 3, 3]
            in_dims = [X_DIMS[index % 4] if x_batched else None, W_DIMS[index % 4] if w_batched else None,
                       0 if bias == "batched" else None]
            out_dims = [0, -1, 1][index % 3]
            params = {**variant, "groups": groups}
            label = (f"{folding} batched, groups {groups}, {rank}-D input, bias {bias or 'none'}, "
                     f"stride {variant['stride']}, padding {variant['padding']}, dilation {variant['dilation']}, "
                     f"in_dims {tuple(in_dims)}, out_dims {out_dims}")
            conv_case(label, x_shape, w_shape, bias, in_dims, out_dims, params, 2 + index % 2, 100 + index)
            index += 1

conv_case("only bias batched, groups 1, 4-D input", [2, 2, 4, 4], [3, 2, 3, 3], "batched", [None, None, 0], 0,
          {"stride": 1, "padding": 1, "dilation": 1, "groups": 1}, 3, 150)
conv_case("only bias batched at -1, groups 2, 3-D input, out_dims -1", [4, 4, 4], [4, 2, 2, 2], "batched",
          [None, None, -1], -1, {"stride": 1, "padding": 0, "dilation": 1, "groups": 2}, 2, 151)
conv_case("input and bias batched, weight not, groups 2", [2, 4, 4, 4], [4, 2, 3, 3], "batched", [1, None, 0], 1,
          {"stride": 1, "padding": 0, "dilation": 1, "groups": 2}, 2, 152)
conv_case("weight and bias batched, groups 3, 3-D input", [6, 4, 4], [6, 2, 3, 3], "batched", [None, 1, -1], 0,
          {"stride": 1, "padding": 1, "dilation": 1, "groups": 3}, 2, 153)
conv_case("batch size 1, both batched, groups 2", [2, 4, 4, 4], [4, 2, 3, 3], "unbatched", [0, 0, None], 0,
          {"stride": 1, "padding": 0, "dilation": 1, "groups": 2}, 1, 154)

# ---- 3. batch_norm -----------------------------------------------------------------------------------------------
# Inputs [x, running_mean, running_var, weight, bias]; inDims over them; params {training, momentum, eps}. Training
# cases with running stats record the output and then the running stats given, read after the call: functorch
# updates batched stats in place per member (an ensemble).


def bn_case(name, x_shape, in_dims, stats=True, affine=True, training=False, momentum=0.1, eps=1e-5, batch_size=3,
            seed=0, error=False):
    c = x_shape[1]
    torch.manual_seed(seed)

    def draw(shape, d, positive=False):
        t = torch.randn(*(shape if d is None else insert_dim(shape, d, batch_size)))
        return t.abs() + 0.5 if positive else t

    x = draw(x_shape, in_dims[0]) * 2 + 0.5
    rm = draw([c], in_dims[1]) if stats else None
    rv = draw([c], in_dims[2], positive=True) if stats else None
    w = draw([c], in_dims[3]) if affine else None
    b = draw([c], in_dims[4]) if affine else None
    inputs = [x, rm, rv, w, b]
    in_dims = [d if t is not None else None for d, t in zip(in_dims, inputs)]
    params = {"training": training, "momentum": momentum, "eps": eps}

    def bn(x, rm, rv, w, b):
        return F.batch_norm(x, rm, rv, w, b, training, momentum, eps)

    def call(vmap_impl, ins):
        out = vmap_impl(bn, in_dims=tuple(in_dims))(*ins)
        return (out, ins[1], ins[2]) if training and stats else out

    # functorch 1.13 updates running stats batched at a dim other than 0 in a copy: the caller's stay unchanged
    wrong = training and stats and (in_dims[1] not in (None, 0) or in_dims[2] not in (None, 0)) and not error
    note = ("functorch 1.13 leaves running stats batched at a dim other than 0 unchanged (it updates a copy); "
            "expected outputs are F.batch_norm per member, stacked")
    case = {"kind": "batchNorm", "name": name, "inDims": in_dims, "params": params, **SUMS}
    record(case, inputs, call, error, functorch_wrong=note if wrong else None)


SHAPES = {"[N, C]": [6, 3], "[N, C, L]": [3, 2, 4], "[N, C, H, W]": [2, 3, 3, 2]}
seed = 200
for label, shape in SHAPES.items():
    last = len(shape)  # the mapped dim after the logical dims
    bn_case(f"eval, x batched, stats unbatched {label}", shape, [0, None, None, None, None], seed=seed)
    bn_case(f"eval, x batched at -1, stats and affine batched {label}", shape, [-1, 0, 1, 0, -1], seed=seed + 1)
    bn_case(f"eval, x unbatched, stats batched {label}", shape, [None, 0, 0, None, None], seed=seed + 2)
    bn_case(f"eval, only weight batched {label}", shape, [None, None, None, 0, None], seed=seed + 3)
    bn_case(f"training, x and stats batched (ensemble) {label}", shape, [0, 0, 0, None, None], training=True,
            seed=seed + 4)
    bn_case(f"training, x at {last}, stats at 1, affine batched (ensemble) {label}", shape, [last, 1, 1, 0, 0],
            training=True, momentum=0.3, seed=seed + 5)
    bn_case(f"training, x unbatched, stats batched {label}", shape, [None, 0, -1, None, None], training=True,
            seed=seed + 6)
    bn_case(f"training, no running stats, x batched {label}", shape, [1, None, None, None, None], stats=False,
            training=True, seed=seed + 7)
    bn_case(f"training, no running stats, x unbatched, affine batched {label}", shape, [None, None, None, 0, 0],
            stats=False, training=True, seed=seed + 8)
    seed += 10

bn_case("training momentum 1 (ensemble)", [4, 2, 3], [0, 0, 0, None, None], training=True, momentum=1.0, seed=240)
bn_case("training momentum 0 (ensemble)", [4, 2, 3], [0, 0, 0, None, None], training=True, momentum=0.0, seed=241)
bn_case("training eps 1e-3, batch size 1 (ensemble)", [4, 2, 3], [0, 0, 0, 0, 0], training=True, eps=1e-3,
        batch_size=1, seed=242)
bn_case("error: training, x batched, running stats unbatched", [3, 2, 4], [0, None, None, None, None],
        training=True, seed=250, error=True)
bn_case("error: training, x batched, running_mean batched, running_var unbatched", [3, 2, 4],
        [0, 0, None, None, None], training=True, seed=251, error=True)
bn_case("error: training, x and affine batched, running stats unbatched", [2, 3, 2, 2], [1, None, None, 0, 0],
        training=True, seed=252, error=True)

# ---- 4. vmap's own errors ----------------------------------------------------------------------------------------
# Same shape as the nested cases (fn, levels, args), recorded with functorch's exception type and text. The
# functions have names (not lambdas) so the texts name them as the TS functions of the same name do.


def identity(a):
    return a


def add(a, b):
    return a + b


def constant(a):
    return 3


def copy(a, b):
    return a.copy_(b)


def noise(a):
    return a + torch.randn(a.shape)


def drop(a):
    return F.dropout(a, 0.5)


def item(a):
    return a.item()


def duplicate(a):
    return (a, a)


ERROR_FNS = {f.__name__: f for f in (identity, add, constant, copy, noise, drop, item, duplicate)}


def error_case(name, fn, inputs, in_dims=0, out_dims=0, randomness=None):
    level = {"inDims": in_dims, "outDims": out_dims}
    if randomness is not None:
        level["randomness"] = randomness
    kwargs = {"randomness": randomness} if randomness is not None else {}
    case = {"kind": "error", "name": name, "fn": fn, "levels": [level]}
    # inputs are recorded before the call: the TS side checks a throwing call leaves them untouched
    record(case, inputs, lambda vmap_impl, ins: vmap_impl(ERROR_FNS[fn], in_dims=tup(in_dims),
                                                          out_dims=tup(out_dims), **kwargs)(*ins), error=True)


torch.manual_seed(300)
x34, x24, x3 = torch.randn(3, 4), torch.randn(2, 4), torch.randn(3)
error_case("in_dims out of range (2 for a 2-D input)", "identity", [x34], in_dims=2)
error_case("in_dims out of range (-3 for a 2-D input)", "identity", [x34], in_dims=-3)
error_case("in_dims out of range in a tuple", "add", [x34, x3], in_dims=[1, 1])
error_case("mismatched batch sizes", "add", [x34, x24])
error_case("non-tensor output", "constant", [x34])
error_case("non-tensor input with an in_dim", "add", [x34, 2.5], in_dims=[0, 0])
error_case("in_dim not an integer", "add", [x34, x34], in_dims=[0, 1.5])
error_case("no tensor to map over", "add", [x34, x34], in_dims=[None, None])
error_case("in_dims structure does not match the inputs", "add", [x34, x34], in_dims=[0])
error_case("out_dims structure does not match the outputs", "duplicate", [x34], out_dims=[0, 0, 0])
error_case("out_dims out of range", "identity", [x34], out_dims=3)
error_case("in-place copy_ into an unbatched tensor", "copy", [torch.zeros(4), x34], in_dims=[None, 0])
error_case("random op (randn) in 'error' mode", "noise", [x34])
error_case("dropout in 'error' mode", "drop", [x34])
error_case("item() on a batched tensor", "item", [x3])
error_case("bad randomness", "identity", [x34], randomness="sometimes")

fx.save()
