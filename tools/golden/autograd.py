"""Gradients of @bn/tensor's primitives from real PyTorch, for @bn/autograd's backward rules.

Writes `packages/autograd/test/fixtures/grads.json`: each case names a primitive, its params in @bn's form, its
inputs, which inputs are differentiated, a cotangent per float output, and the input cotangents torch.autograd.grad
computes for them in float64 (then rounded to float32). The cases favour what finite differences cannot check: ties
(max/min/amax split the gradient), values at kinks (relu, abs, clamp at its bounds), zeros in prod,
repeated indices, every pad mode, ignored targets, max pooling's ties (each window routes to one index), and conv2d
with its gradients (their own cotangents: second order). Cases are appended, so earlier ones keep their values.
Run: `/usr/bin/python3 tools/golden/autograd.py`.
"""
import json
from pathlib import Path

import torch
import torch.nn.functional as F

from common import enc

OUT = Path(__file__).resolve().parents[2] / "packages" / "autograd" / "test" / "fixtures" / "grads.json"
torch.manual_seed(0)
cases = []


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def case(name, prim, params, inputs, wrt, fn):
    """Records fn(*inputs) (float64) and the gradient of <u, outputs> with respect to inputs[wrt]."""
    leaves = [t.detach().clone().requires_grad_(i in wrt) if t is not None and t.is_floating_point() else t
              for i, t in enumerate(inputs)]
    outs = fn(*leaves)
    outs = outs if isinstance(outs, tuple) else (outs,)
    floats = [o for o in outs if o.is_floating_point()]
    cotangents = [randn(*o.shape) for o in floats]
    # outputs that do not depend on the differentiated inputs (nllLoss's weights) pass no gradient
    live = [(o, c) for o, c in zip(floats, cotangents) if o.requires_grad]
    grads = torch.autograd.grad([o for o, _ in live], [leaves[i] for i in wrt], [c for _, c in live], allow_unused=True)
    grads = [torch.zeros_like(leaves[i]) if g is None else g for i, g in zip(wrt, grads)]
    cases.append({
        "name": name,
        "prim": prim,
        "params": params,
        "inputs": [None if t is None else enc(t.to(torch.float32) if t.is_floating_point() else t) for t in inputs],
        "wrt": wrt,
        "cotangents": [enc(c.to(torch.float32)) for c in cotangents],
        "grads": [enc(g.to(torch.float32)) for g in grads],
    })


# elementwise, at the kinks PyTorch decides
x = torch.tensor([[-1.0, 0.0, 0.5], [2.0, 0.0, -0.25]], dtype=torch.float64)
case("relu at 0", "relu", {}, [x], [0], torch.relu)
case("abs at 0", "abs", {}, [x], [0], torch.abs)
case("clamp at its bounds", "clamp", {"min": 0.0, "max": 0.5}, [x], [0], lambda t: torch.clamp(t, 0.0, 0.5))
case("clamp min only", "clamp", {"min": 0.0, "max": None}, [x], [0], lambda t: torch.clamp(t, min=0.0))
case("maximum with ties", "maximum", {}, [x, torch.tensor([0.5, 0.0, 0.5], dtype=torch.float64)], [0, 1], torch.maximum)
case("minimum broadcast", "minimum", {}, [x, torch.tensor([[0.0], [1.0]], dtype=torch.float64)], [0, 1], torch.minimum)
case("pow, 0^0 and 0^1", "pow", {}, [torch.tensor([0.0, 0.0, 2.0, 1.5], dtype=torch.float64),
                                      torch.tensor([0.0, 1.0, -1.5, 2.0], dtype=torch.float64)], [0, 1], torch.pow)
case("div broadcast", "div", {}, [randn(2, 3), randn(3).abs() + 0.5], [0, 1], torch.div)
case("where", "where", {}, [torch.tensor([True, False, True]), randn(2, 3), randn(3)], [1, 2], torch.where)
for op, fn in [("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("silu", F.silu), ("erf", torch.erf),
               ("exp", torch.exp), ("sqrt", torch.sqrt), ("rsqrt", torch.rsqrt), ("log", torch.log)]:
    arg = randn(2, 3)
    if op in ("sqrt", "rsqrt", "log"):
        arg = arg.abs() + 0.3
    case(op, op, {}, [arg], [0], fn)
for approximate in ("none", "tanh"):
    case(f"gelu {approximate}", "gelu", {"approximate": approximate}, [randn(2, 3) * 2], [0],
         lambda t, a=approximate: F.gelu(t, approximate=a))

# reductions: ties split evenly, zeros in products
ties = torch.tensor([[1.0, 3.0, 3.0, 0.5], [2.0, 2.0, 2.0, -1.0]], dtype=torch.float64)
case("amax with ties", "amax", {"dims": [1], "keepdim": False}, [ties], [0], lambda t: torch.amax(t, 1))
case("amin over all", "amin", {"dims": [0, 1], "keepdim": True}, [ties], [0], lambda t: torch.amin(t, (0, 1), keepdim=True))
zeros_in = torch.tensor([[0.0, 2.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 3.0]], dtype=torch.float64)
case("prod with one and two zeros in a lane", "prod", {"dims": [1], "keepdim": False}, [zeros_in], [0], lambda t: torch.prod(t, 1))
case("var, correction 1", "var", {"dims": [0, 2], "keepdim": True, "correction": 1}, [randn(3, 2, 4)], [0],
     lambda t: torch.var(t, (0, 2), unbiased=True, keepdim=True))
case("logsumexp", "logsumexp", {"dims": [1], "keepdim": False}, [randn(3, 5)], [0], lambda t: torch.logsumexp(t, 1))
case("mean", "mean", {"dims": [0], "keepdim": False}, [randn(4, 3)], [0], lambda t: torch.mean(t, 0))
case("softmax", "softmax", {"dim": 1}, [randn(2, 4, 3)], [0], lambda t: torch.softmax(t, 1))
case("logSoftmax", "logSoftmax", {"dim": 2}, [randn(2, 4, 3)], [0], lambda t: torch.log_softmax(t, 2))

# products, joins and indexing
case("matmul, broadcast batches", "matmul", {}, [randn(2, 1, 3, 4), randn(5, 4, 2)], [0, 1], torch.matmul)
case("matmul, vector and matrix", "matmul", {}, [randn(4), randn(4, 3)], [0, 1], torch.matmul)
case("cat", "cat", {"dim": 1, "dtype": "float32"}, [randn(2, 3), randn(2, 2)], [0, 1], lambda a, b: torch.cat([a, b], 1))
case("flip", "flip", {"dims": [0, 2]}, [randn(2, 3, 2)], [0], lambda t: torch.flip(t, (0, 2)))
index = torch.tensor([[0, 3, 3], [1, 1, 0]])
case("gather with repeated indices", "gather", {"dim": 1}, [randn(3, 4), index], [0], lambda t, i: torch.gather(t, 1, i))
case("indexSelect with repeated indices", "indexSelect", {"dim": 0}, [randn(4, 3), torch.tensor([2, 0, 2, 3])], [0],
     lambda t, i: torch.index_select(t, 0, i))
for mode, shape, pad in [("constant", (2, 3, 4), [1, -1, 2, 0]), ("reflect", (1, 2, 4, 5), [2, 1, 1, 3]),
                         ("replicate", (2, 3, 4), [2, 3]), ("circular", (1, 2, 3, 4), [1, 2, 2, 0])]:
    case(f"pad {mode}", "pad", {"pad": pad, "mode": mode, "value": 0}, [randn(*shape)], [0],
         lambda t, p=pad, m=mode: F.pad(t, p, mode=m))

# losses and normalisations
logp = torch.log_softmax(randn(3, 4, 2), 1)
target = torch.tensor([[0, 3], [1, 2], [3, 3]])
weight = randn(4).abs() + 0.5


def nll(inp, tgt, w):
    # @bn's nllLoss primitive returns the per-element loss and each element's class weight
    loss = F.nll_loss(inp, tgt, weight=w, ignore_index=1, reduction="none")
    picked = torch.where(tgt == 1, torch.zeros((), dtype=w.dtype), w[tgt.clamp(0, 3)])
    return loss, picked


case("nllLoss, weights and an ignored class", "nllLoss", {"ignoreIndex": 1}, [logp, target, weight], [0], nll)
bn_inputs = [randn(4, 3, 2), randn(3).abs() + 0.5, randn(3), torch.zeros(3, dtype=torch.float64),
             torch.ones(3, dtype=torch.float64), None]
case("batchNorm training", "batchNorm", {"training": True, "momentum": 0.1, "eps": 1e-5}, bn_inputs, [0, 1, 2],
     lambda t, w, b, rm, rv, _: F.batch_norm(t, rm.clone(), rv.clone(), w, b, training=True))
running = [randn(4, 3, 2), randn(3).abs() + 0.5, randn(3), randn(3), randn(3).abs() + 0.5, None]
case("batchNorm evaluation", "batchNorm", {"training": False, "momentum": 0.1, "eps": 1e-5}, running, [0, 1, 2],
     lambda t, w, b, rm, rv, _: F.batch_norm(t, rm, rv, w, b, training=False))
case("groupNorm", "groupNorm", {"numGroups": 2, "eps": 1e-5}, [randn(2, 4, 3), randn(4), randn(4)], [0, 1, 2],
     lambda t, w, b: F.group_norm(t, 2, w, b))
case("layerNorm", "layerNorm", {"normalizedShape": [3, 2], "eps": 1e-5}, [randn(2, 3, 2), randn(3, 2), randn(3, 2)],
     [0, 1, 2], lambda t, w, b: F.layer_norm(t, [3, 2], w, b))

# convolution: conv2d and its two gradients, each differentiated in every float input
conv = {"stride": [2, 1], "padding": [[1, 1], [0, 0]], "dilation": [1, 2], "groups": 2}
conv_args = {"stride": (2, 1), "padding": (1, 0), "dilation": (1, 2), "groups": 2}
cx, cw, cb = randn(2, 4, 6, 5), randn(6, 2, 3, 2), randn(6)
case("conv2d grouped, strided, dilated", "conv2d", conv, [cx, cw, cb], [0, 1, 2],
     lambda t, w, b: F.conv2d(t, w, b, **conv_args))
cg = randn(*F.conv2d(cx, cw, None, **conv_args).shape)


def conv_input_grad(g, w):
    """conv2d's input gradient as PyTorch's autograd computes it (differentiable: create_graph)."""
    t = cx.clone().requires_grad_(True)
    return torch.autograd.grad(F.conv2d(t, w, None, **conv_args), t, g, create_graph=True)[0]


def conv_weight_grad(g, t):
    w = cw.clone().requires_grad_(True)
    return torch.autograd.grad(F.conv2d(t, w, None, **conv_args), w, g, create_graph=True)[0]


case("conv2dBackwardInput (second order)", "conv2dBackwardInput", {**conv, "inputSize": [6, 5]}, [cg, cw], [0, 1],
     conv_input_grad)
case("conv2dBackwardWeight (second order)", "conv2dBackwardWeight", {**conv, "kernelSize": [3, 2]}, [cg, cx],
     [0, 1], conv_weight_grad)

# pooling: max pooling routes each window's gradient to the first of its tied maxima; the averages' divisors
tied = torch.tensor([[[[1.0, 3.0, 3.0, 0.0, 2.0], [3.0, 1.0, 0.0, 2.0, 2.0], [0.0, 3.0, 1.0, 1.0, 2.0],
                       [2.0, 2.0, 2.0, 2.0, 0.0]]]], dtype=torch.float64)
case("maxPool2d with ties in overlapping windows", "maxPool2d",
     {"kernelSize": [2, 3], "stride": [1, 2], "padding": [1, 1], "dilation": [1, 1], "ceilMode": True}, [tied], [0],
     lambda t: F.max_pool2d(t, (2, 3), (1, 2), (1, 1), ceil_mode=True))
case("maxPool2d dilated", "maxPool2d",
     {"kernelSize": [2, 2], "stride": [2, 1], "padding": [0, 1], "dilation": [2, 2], "ceilMode": False},
     [randn(2, 2, 6, 5)], [0], lambda t: F.max_pool2d(t, 2, (2, 1), (0, 1), dilation=2))
case("avgPool2d without padding in the divisor", "avgPool2d",
     {"kernelSize": [3, 2], "stride": [2, 1], "padding": [1, 1], "ceilMode": True, "countIncludePad": False,
      "divisorOverride": None}, [randn(2, 2, 5, 6)], [0],
     lambda t: F.avg_pool2d(t, (3, 2), (2, 1), (1, 1), ceil_mode=True, count_include_pad=False))
case("avgPool2d with a divisor override", "avgPool2d",
     {"kernelSize": [2, 2], "stride": [2, 2], "padding": [0, 0], "ceilMode": False, "countIncludePad": True,
      "divisorOverride": 3}, [randn(1, 3, 4, 5)], [0], lambda t: F.avg_pool2d(t, 2, divisor_override=3))
case("adaptiveAvgPool2d, sizes that do not divide", "adaptiveAvgPool2d", {"outputSize": [3, 2]},
     [randn(2, 3, 7, 5)], [0], lambda t: F.adaptive_avg_pool2d(t, (3, 2)))

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"cases": cases}) + "\n")
print(f"{OUT.name}: {len(cases)} cases")
