"""Fixtures for the norm family: batchNorm (with in-place running stats), groupNorm, layerNorm, instanceNorm."""
import torch
import torch.nn.functional as F

from common import Fixture, Input, randn

fx = Fixture("norm")
nan = float("nan")


def stats(c, seed):
    """Running mean and variance of `c` channels (variance positive)."""
    return randn(c, seed=seed), randn(c, seed=seed + 1).abs() + 0.5


def affine(c, seed):
    return randn(c, seed=seed), randn(c, seed=seed + 1)


# ---- batchNorm ------------------------------------------------------------------------------------------------
# Runner inputs: [x, runningMean, runningVar, weight, bias, numBatchesTracked]; params {training, momentum, eps}.
# Training cases return [output, *running stats given] read after the call.


def torch_batch_norm(x, rm, rv, w, b, nbt, training, momentum, eps):
    """F.batch_norm; momentum None is the cumulative average 1 / numBatchesTracked (per channel when [C])."""
    if momentum is not None or nbt is None:
        return F.batch_norm(x, rm, rv, w, b, training, momentum, eps)
    counts = nbt.reshape(-1).tolist()
    if len(counts) == 1:
        return F.batch_norm(x, rm, rv, w, b, training, 1.0 / counts[0], eps)
    outs = []
    for c in range(x.shape[1]):
        part = lambda t: None if t is None else t[c:c + 1]  # noqa: E731 - views, so updates land in place
        outs.append(F.batch_norm(x[:, c:c + 1], part(rm), part(rv), part(w), part(b), training, 1.0 / counts[c], eps))
    return torch.cat(outs, 1)


def bn_case(name, x, rm=None, rv=None, w=None, b=None, nbt=None, training=False, momentum=0.1, eps=1e-5,
            error=None, **tol):
    params = {"training": training, "momentum": momentum, "eps": eps}

    def fn(x, rm, rv, w, b, nbt):
        out = torch_batch_norm(x, rm, rv, w, b, nbt, training, momentum, eps)
        if not training:
            return out
        return tuple(t for t in (out, rm, rv) if t is not None)

    fx.case("batchNorm", name, [x, rm, rv, w, b, nbt], params, fn, error, **tol)


for shape, label in [((8, 3), "[N, C]"), ((4, 3, 5), "[N, C, L]"), ((2, 3, 4, 5), "[N, C, H, W]"),
                     ((2, 2, 3, 2, 2), "5-D")]:
    c = shape[1]
    x = randn(*shape, seed=len(shape)) * 2 + 0.5
    rm, rv = stats(c, 10)
    w, b = affine(c, 20)
    bn_case(f"training momentum 0.1 {label}", x, rm, rv, w, b, training=True)
    bn_case(f"training momentum 0.1 no affine {label}", x, rm, rv, training=True)
    bn_case(f"training no running stats {label}", x, w=w, b=b, training=True)
    bn_case(f"eval {label}", x, rm, rv, w, b)
    bn_case(f"eval no affine {label}", x, rm, rv)

x = randn(4, 3, 5, seed=30)
rm, rv = stats(3, 31)
w, b = affine(3, 33)
for count in (1, 3):
    bn_case(f"training momentum null, numBatchesTracked {count}", x, rm, rv, w, b,
            torch.tensor(count, dtype=torch.int32), training=True, momentum=None)
bn_case("training momentum null, per-channel numBatchesTracked [C]", x, rm, rv, w, b,
        torch.tensor([1, 3, 2], dtype=torch.int32), training=True, momentum=None)
bn_case("training momentum null, per-channel numBatchesTracked, no affine", x, rm, rv, None, None,
        torch.tensor([4, 1, 2], dtype=torch.int32), training=True, momentum=None)
bn_case("training momentum 1", x, rm, rv, w, b, training=True, momentum=1.0)
bn_case("training momentum 0", x, rm, rv, w, b, training=True, momentum=0.0)
bn_case("training only running_mean", x, rm, None, w, b, training=True)
bn_case("training only running_var", x, None, rv, w, b, training=True)
bn_case("training weight only", x, rm, rv, w, None, training=True)
bn_case("training bias only", x, rm, rv, None, b, training=True)
bn_case("training eps 1e-3", x, rm, rv, w, b, training=True, eps=1e-3)
bn_case("eval eps 0.5", x, rm, rv, w, b, eps=0.5)
# F.batch_norm refuses evaluation without running stats; torch's modules then use batch statistics, as @bn does.
xe = randn(5, 3, 2, seed=35)
fx.case("batchNorm", "eval without running stats uses batch statistics", [xe, None, None, w, b, None],
        {"training": False, "momentum": 0.1, "eps": 1e-5}, lambda t, *_: F.batch_norm(t, None, None, w, b, True))
fx.case("batchNorm", "eval without running stats, one value per channel", [randn(1, 3, seed=36), None, None, w, b, None],
        {"training": False, "momentum": 0.1, "eps": 1e-5}, lambda t, *_: b.unsqueeze(0).clone())
bn_case("training channels-last (permuted)", Input(randn(2, 4, 5, 3, seed=37), [["permute", [0, 3, 1, 2]]]),
        rm, rv, w, b, training=True)
bn_case("eval channels-last (permuted)", Input(randn(2, 4, 5, 3, seed=37), [["permute", [0, 3, 1, 2]]]), rm, rv, w, b)
bn_case("training sliced input", Input(randn(6, 6, 7, seed=38), [["slice", 0, 1, None, 2], ["slice", 1, 0, None, 2]]),
        rm, rv, w, b, training=True)
bn_case("training expanded input", Input(randn(1, 3, 4, seed=39), [["expand", [3, 3, 4]]]), rm, rv, w, b,
        training=True)
bn_case("training strided running stats, weight and bias",
        x, Input(randn(6, seed=40), [["slice", 0, 0, None, 2]]),
        Input(randn(3, 2, seed=41).abs() + 0.5, [["select", 1, 1]]),
        Input(randn(9, seed=42), [["slice", 0, 1, None, 3]]), Input(randn(2, 3, seed=43), [["select", 0, 1]]),
        training=True)
bn_case("training running stats in a [B, C] buffer row", x, Input(randn(2, 3, seed=44), [["select", 0, 1]]),
        Input(randn(2, 3, seed=45).abs() + 0.5, [["select", 0, 0]]), w, b, training=True)
xn = x.clone()
xn[1, 1, 2] = nan
bn_case("training nan in one channel", xn, rm, rv, w, b, training=True)
bn_case("eval nan in input", xn, rm, rv, w, b)
bn_case("training batch of 0 leaves running stats alone", randn(0, 3, 4, seed=46), rm, rv, w, b, training=True)
bn_case("training one sample with spatial dims", randn(1, 3, 4, seed=47), rm, rv, w, b, training=True)

bn_case("error: one value per channel when training [1, 3]", randn(1, 3, seed=48), rm, rv, training=True,
        error="ValueError")
bn_case("error: one value per channel when training [1, 3, 1]", randn(1, 3, 1, seed=49), None, None,
        training=True, error="ValueError")
bn_case("error: running_mean of 4 elements", x, randn(4, seed=50), rv, training=True, error="ShapeError")
bn_case("error: running_var of 4 elements", x, rm, torch.ones(4), training=True, error="ShapeError")
bn_case("error: weight of 4 elements", x, rm, rv, torch.ones(4), training=True, error="ShapeError")
bn_case("error: bias of 4 elements", x, rm, rv, None, torch.ones(4), training=True, error="ShapeError")
bn_case("error: running_mean [1, 3]", x, torch.zeros(1, 3), rv, training=True, error="ShapeError")
bn_case("error: 1-D input", randn(3, seed=51), None, None, training=True, error="ShapeError")
bn_case("error: int32 input", torch.arange(12, dtype=torch.int32).reshape(4, 3), None, None, training=True,
        error="DTypeError")
bn_case("error: eval with running_mean but no running_var", x, rm, None, error="ValueError")
fx.case("batchNorm", "error: momentum null without numBatchesTracked", [x, rm, rv, None, None, None],
        {"training": True, "momentum": None, "eps": 1e-5},
        lambda t, m, v, *_: F.batch_norm(t, m, v, training=True, momentum=None), error="ValueError")

# ---- groupNorm ------------------------------------------------------------------------------------------------
# Runner inputs: [x, weight, bias]; params {numGroups, eps}.


def gn_case(name, x, groups, w=None, b=None, eps=1e-5, error=None):
    fx.case("groupNorm", name, [x, w, b], {"numGroups": groups, "eps": eps},
            lambda t, w, b: F.group_norm(t, groups, w, b, eps), error)


x = randn(2, 6, 4, seed=60) * 3 - 1
w, b = affine(6, 61)
gn_case("[N, C, L] 3 groups", x, 3)
gn_case("[N, C, L] 3 groups affine", x, 3, w, b)
gn_case("[N, C, L] 1 group", x, 1, w, b)
gn_case("[N, C, L] one group per channel", x, 6, w, b)
gn_case("[N, C] 2 groups", randn(3, 6, seed=62), 2, w, b)
gn_case("[N, C, H, W] 2 groups", randn(2, 4, 3, 3, seed=63), 2, *affine(4, 64))
gn_case("5-D 2 groups", randn(2, 4, 2, 3, 2, seed=65), 2, *affine(4, 66))
gn_case("weight only", x, 2, w, None)
gn_case("bias only", x, 2, None, b)
gn_case("eps 0.1", x, 3, w, b, eps=0.1)
gn_case("channels-last (permuted)", Input(randn(2, 3, 4, 6, seed=67), [["permute", [0, 3, 1, 2]]]), 3, w, b)
gn_case("sliced input", Input(randn(4, 12, 5, seed=68), [["slice", 1, 0, None, 2], ["slice", 0, 1, None, 2]]), 2, w, b)
gn_case("expanded input", Input(randn(1, 6, 4, seed=69), [["expand", [3, 6, 4]]]), 3)
gn_case("strided weight", x, 3, Input(randn(12, seed=70), [["slice", 0, 0, None, 2]]), b)
gn_case("batch of 0", randn(0, 6, 3, seed=71), 3, w, b)
gn_case("empty spatial", randn(2, 6, 0, seed=72), 3, w, b)
gn_case("error: channels not divisible by groups", x, 4, error="ShapeError")
gn_case("error: weight of 4 elements", x, 3, torch.ones(4), error="ShapeError")
gn_case("error: bias of 4 elements", x, 3, None, torch.ones(4), error="ShapeError")
gn_case("error: weight [1, 6]", x, 3, torch.ones(1, 6), error="ShapeError")
gn_case("error: one value per group", randn(1, 6, seed=73), 6, error="ValueError")
gn_case("error: 1-D input", randn(6, seed=74), 3, error="ShapeError")
gn_case("error: 0 groups", x, 0, error="ValueError")
gn_case("error: int32 input", torch.arange(12, dtype=torch.int32).reshape(2, 6), 3, error="DTypeError")

# ---- layerNorm ------------------------------------------------------------------------------------------------
# Runner inputs: [x, weight, bias]; params {normalizedShape, eps}.


def ln_case(name, x, shape, w=None, b=None, eps=1e-5, error=None, **tol):
    fx.case("layerNorm", name, [x, w, b], {"normalizedShape": shape, "eps": eps},
            lambda t, w, b: F.layer_norm(t, [shape] if isinstance(shape, int) else shape, w, b, eps), error, **tol)


x = randn(2, 3, 4, seed=80) * 2 + 1
ln_case("last dim", x, [4])
ln_case("last dim as a number", x, 4)
ln_case("last dim affine", x, [4], randn(4, seed=81), randn(4, seed=82))
ln_case("last two dims affine", x, [3, 4], randn(3, 4, seed=83), randn(3, 4, seed=84))
ln_case("all dims", x, [2, 3, 4], randn(2, 3, 4, seed=85), None)
ln_case("weight only", x, [4], randn(4, seed=86), None)
ln_case("bias only", x, [4], None, randn(4, seed=87))
ln_case("1-D input", randn(7, seed=88), [7], randn(7, seed=89), randn(7, seed=90))
ln_case("4-D input", randn(2, 2, 3, 5, seed=91), [3, 5])
ln_case("eps 0.1", x, [4], eps=0.1)
ln_case("permuted input", Input(randn(4, 3, 2, seed=92), [["permute", [2, 1, 0]]]), [3, 4],
        randn(3, 4, seed=93), randn(3, 4, seed=94))
ln_case("sliced input", Input(randn(4, 9, seed=95), [["slice", 1, 0, None, 2]]), [5])
ln_case("expanded input", Input(randn(1, 5, seed=96), [["expand", [3, 5]]]), [5])
ln_case("permuted weight", x, [3, 4], Input(randn(4, 3, seed=97), [["transpose", 0, 1]]), randn(3, 4, seed=98))
# x - mean is exactly 0; torch's float32 rounding leaves up to ~1e-5 of noise times 1/sqrt(eps).
ln_case("size-1 normalized dim", randn(3, 1, seed=99), [1], atol=1e-4)
ln_case("empty leading dim", randn(2, 0, 3, seed=100), [3])
ln_case("empty normalized dim", randn(2, 3, 0, seed=101), [0])
ln_case("error: normalized shape does not match", x, [3], error="ShapeError")
ln_case("error: normalized shape longer than input", x, [2, 2, 3, 4], error="ShapeError")
ln_case("error: empty normalized shape", x, [], error="ValueError")
ln_case("error: weight shape", x, [4], torch.ones(3), error="ShapeError")
ln_case("error: bias shape", x, [4], None, torch.ones(3), error="ShapeError")
ln_case("error: flat weight for 2 dims", x, [3, 4], torch.ones(12), error="ShapeError")
ln_case("error: int32 input", torch.arange(12, dtype=torch.int32).reshape(3, 4), [4], error="DTypeError")

# ---- instanceNorm ---------------------------------------------------------------------------------------------
# Runner inputs: [x, runningMean, runningVar, weight, bias]; params {useInputStats, momentum, eps}. Cases with
# running stats and input statistics return [output, runningMean, runningVar] read after the call.


def in_case(name, x, rm=None, rv=None, w=None, b=None, use_input_stats=True, momentum=0.1, eps=1e-5, error=None):
    params = {"useInputStats": use_input_stats, "momentum": momentum, "eps": eps}

    def fn(x, rm, rv, w, b):
        out = F.instance_norm(x, rm, rv, w, b, use_input_stats, momentum, eps)
        if not use_input_stats:
            return out
        return tuple(t for t in (out, rm, rv) if t is not None)

    fx.case("instanceNorm", name, [x, rm, rv, w, b], params, fn, error)


x = randn(2, 3, 5, seed=110) * 2 - 0.5
rm, rv = stats(3, 111)
w, b = affine(3, 113)
in_case("[N, C, L]", x)
in_case("[N, C, L] affine", x, w=w, b=b)
in_case("[N, C, H, W] affine", randn(2, 3, 3, 4, seed=115), w=w, b=b)
in_case("5-D", randn(2, 3, 2, 2, 3, seed=116))
in_case("running stats updated", x, rm, rv, w, b)
in_case("running stats, momentum 0.3", x, rm, rv, momentum=0.3)
in_case("running stats used (useInputStats false)", x, rm, rv, w, b, use_input_stats=False)
in_case("channels-last (permuted)", Input(randn(2, 4, 4, 3, seed=117), [["permute", [0, 3, 1, 2]]]), rm, rv, w, b)
in_case("sliced input", Input(randn(4, 3, 10, seed=118), [["slice", 0, 0, None, 2], ["slice", 2, 1, None, 2]]))
in_case("error: one spatial element", randn(2, 3, 1, seed=119), error="ValueError")
in_case("error: no spatial dims", randn(2, 3, seed=120), error="ValueError")
in_case("error: useInputStats false without running stats", x, use_input_stats=False, error="ValueError")
in_case("error: weight of 5 elements", x, w=torch.ones(5), error="ShapeError")
in_case("error: running_mean of 5 elements", x, torch.zeros(5), torch.ones(5), use_input_stats=False,
        error="ShapeError")

# ---- batchNormBackward ----------------------------------------------------------------------------------------
# Runner inputs: [gradOutput, x, weight, runningMean, runningVar]; params {training, eps}; outputs [gradInput,
# gradWeight, gradBias] from torch.autograd.grad in float64 (gradWeight = sum(g x^) also without a weight: taken
# with a weight of ones, which leaves the other two unchanged).


def bn_backward_case(name, g, x, w=None, rm=None, rv=None, training=True, eps=1e-5, error=None):
    def fn(g, x, w, rm, rv):
        f64 = lambda t: None if t is None else t.detach().to(torch.float64)  # noqa: E731
        xx = f64(x).requires_grad_(True)
        ww = (f64(w) if w is not None else torch.ones(x.shape[1], dtype=torch.float64)).requires_grad_(True)
        bb = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
        batch = training or rm is None
        y = F.batch_norm(xx, None if batch else f64(rm), None if batch else f64(rv), ww, bb, batch, 0.0, eps)
        return tuple(t.to(torch.float32) for t in torch.autograd.grad(y, (xx, ww, bb), f64(g)))

    fx.case("batchNormBackward", name, [g, x, w, rm, rv], {"training": training, "eps": eps}, fn, error)


xb = randn(4, 3, 5, seed=80) * 2 + 0.5
gb = randn(4, 3, 5, seed=81)
rm, rv = stats(3, 82)
w, _ = affine(3, 84)
bn_backward_case("training [N, C, L]", gb, xb, w)
bn_backward_case("training no weight [N, C, L]", gb, xb)
bn_backward_case("training [N, C, H, W]", randn(2, 3, 4, 5, seed=85), randn(2, 3, 4, 5, seed=86), w)
bn_backward_case("training [N, C]", randn(8, 3, seed=87), randn(8, 3, seed=88), w)
bn_backward_case("eval with running stats", gb, xb, w, rm, rv, training=False)
bn_backward_case("eval no weight", gb, xb, None, rm, rv, training=False)
bn_backward_case("eval without running stats uses batch statistics", gb, xb, w, training=False)
bn_backward_case("training ignores running stats", gb, xb, w, rm, rv)
bn_backward_case("training channels-last (permuted) operands", Input(randn(2, 4, 5, 3, seed=89), [["permute", [0, 3, 1, 2]]]),
                 Input(randn(2, 4, 5, 3, seed=90), [["permute", [0, 3, 1, 2]]]), w)
bn_backward_case("training expanded gradOutput", Input(randn(1, 3, 5, seed=91), [["expand", [4, 3, 5]]]), xb, w)
bn_backward_case("eval eps 0.5", gb, xb, w, rm, rv, training=False, eps=0.5)
bn_backward_case("error: gradOutput of another shape", randn(4, 3, 4, seed=92), xb, w, error="ShapeError")
bn_backward_case("error: weight of 4 elements", gb, xb, torch.ones(4), error="ShapeError")

# ---- groupNormBackward ----------------------------------------------------------------------------------------
# Runner inputs: [gradOutput, x, weight]; params {numGroups, eps}; outputs [gradInput, gradWeight, gradBias] from
# torch.autograd.grad in float64 (gradWeight taken with a weight of ones when there is none).


def gn_backward_case(name, g, x, groups, w=None, eps=1e-5, error=None):
    def fn(g, x, w):
        f64 = lambda t: t.detach().to(torch.float64)  # noqa: E731
        xx = f64(x).requires_grad_(True)
        ww = (f64(w) if w is not None else torch.ones(x.shape[1], dtype=torch.float64)).requires_grad_(True)
        bb = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
        y = F.group_norm(xx, groups, ww, bb, eps)
        return tuple(t.to(torch.float32) for t in torch.autograd.grad(y, (xx, ww, bb), f64(g)))

    fx.case("groupNormBackward", name, [g, x, w], {"numGroups": groups, "eps": eps}, fn, error)


xg = randn(3, 6, 4, seed=100) * 2 - 0.5
gg = randn(3, 6, 4, seed=101)
wg, _ = affine(6, 102)
gn_backward_case("[N, C, L] 3 groups", gg, xg, 3, wg)
gn_backward_case("[N, C, L] 3 groups, no weight", gg, xg, 3)
gn_backward_case("[N, C, L] 1 group", gg, xg, 1, wg)
gn_backward_case("[N, C, L] a group per channel", gg, xg, 6, wg)
gn_backward_case("[N, C, H, W] 2 groups", randn(2, 4, 3, 5, seed=103), randn(2, 4, 3, 5, seed=104), 2,
                 randn(4, seed=105))
gn_backward_case("[N, C] 2 groups", randn(5, 4, seed=106), randn(5, 4, seed=107), 2, randn(4, seed=108))
gn_backward_case("channels-last (permuted) operands", Input(randn(2, 3, 5, 4, seed=109), [["permute", [0, 3, 1, 2]]]),
                 Input(randn(2, 3, 5, 4, seed=110), [["permute", [0, 3, 1, 2]]]), 2, randn(4, seed=111))
gn_backward_case("eps 0.5", gg, xg, 3, wg, eps=0.5)
gn_backward_case("error: gradOutput of another shape", randn(3, 6, 5, seed=112), xg, 3, wg, error="ShapeError")
gn_backward_case("error: channels not divisible by groups", gg, xg, 4, wg, error="ShapeError")

fx.save()
