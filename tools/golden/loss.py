"""Fixtures for crossEntropy (F.cross_entropy) and nllLoss (F.nll_loss). Inputs are [input, target, weight]."""
import torch
import torch.nn.functional as F

from common import Fixture, Input

torch.manual_seed(2)
f = Fixture("loss")
inf = float("inf")


def ce(name, x, target, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0, error=None):
    params = {"ignoreIndex": ignore_index, "reduction": reduction, "labelSmoothing": label_smoothing}
    f.case("crossEntropy", name, [x, target, weight], params,
           lambda i, t, w: F.cross_entropy(i, t, weight=w, ignore_index=ignore_index, reduction=reduction,
                                           label_smoothing=label_smoothing), error=error)


def nll(name, x, target, weight=None, ignore_index=-100, reduction="mean", error=None):
    params = {"ignoreIndex": ignore_index, "reduction": reduction}
    f.case("nllLoss", name, [x, target, weight], params,
           lambda i, t, w: F.nll_loss(i, t, weight=w, ignore_index=ignore_index, reduction=reduction), error=error)


def classes(*shape, c):
    return torch.randint(0, c, shape, dtype=torch.int64)


def probs(*shape, dim=1):
    return torch.softmax(torch.randn(*shape), dim)


x = torch.randn(5, 4)
t = torch.tensor([0, 3, 1, 3, 2])
t_ignored = torch.tensor([0, -100, 1, 3, -100])
w = torch.tensor([0.5, 2.0, 1.0, 0.25])
REDUCTIONS = ("mean", "sum", "none")

# ---- class-index targets ----------------------------------------------------------------------------------
for r in REDUCTIONS:
    ce(f"[5, 4] {r}", x, t, reduction=r)
    ce(f"[5, 4] weight {r}", x, t, w, reduction=r)
    ce(f"[5, 4] ignored targets {r}", x, t_ignored, reduction=r)
    ce(f"[5, 4] weight and ignored targets {r}", x, t_ignored, w, reduction=r)
    ce(f"[5, 4] label smoothing 0.1 {r}", x, t, reduction=r, label_smoothing=0.1)
    ce(f"[5, 4] label smoothing, weight, ignored {r}", x, t_ignored, w, reduction=r, label_smoothing=0.3)
    ce(f"spatial [2, 3, 4] {r}", torch.randn(2, 3, 4), classes(2, 4, c=3), reduction=r)
    ce(f"spatial [2, 3, 2, 3] weight, smoothing {r}", torch.randn(2, 3, 2, 3), classes(2, 2, 3, c=3),
       torch.tensor([1.0, 0.5, 3.0]), reduction=r, label_smoothing=0.2)
    ce(f"unbatched [4] {r}", torch.randn(4), torch.tensor(2), reduction=r)
ce("ignoreIndex=2", x, t.clone().index_fill_(0, torch.tensor([4]), 2), ignore_index=2)
ce("ignoreIndex outside the classes", x, torch.tensor([0, 7, 1, 7, 2]), ignore_index=7, label_smoothing=0.1)
ce("label smoothing 1", x, t, label_smoothing=1.0)
ce("every target ignored (mean is nan)", x, torch.full((5,), -100), label_smoothing=0.1)
ce("every target ignored, sum", x, torch.full((5,), -100), reduction="sum")
ce("N = 0 mean", torch.zeros(0, 4), torch.zeros(0, dtype=torch.int64))
ce("N = 0 sum", torch.zeros(0, 4), torch.zeros(0, dtype=torch.int64), reduction="sum")
ce("N = 0 none", torch.zeros(0, 4), torch.zeros(0, dtype=torch.int64), reduction="none")
ce("one class", torch.randn(3, 1), torch.zeros(3, dtype=torch.int64))
ce("-inf logit off target", torch.tensor([[0.5, -inf, 1.0], [-inf, 2.0, 0.0]]), torch.tensor([0, 1]))
ce("transposed input", Input(torch.randn(4, 5), [["transpose", 0, 1]]), t, w)
ce("stepped target", x, Input(torch.tensor([0, 9, 3, 9, 1, 9, 3, 9, 2, 9]), [["slice", 0, 0, 10, 2]]))
ce("permuted spatial input", Input(torch.randn(2, 4, 3), [["permute", [0, 2, 1]]]), classes(2, 4, c=3),
   reduction="none")

# ---- class-probability targets ------------------------------------------------------------------------------
for r in REDUCTIONS:
    ce(f"probabilities [5, 4] {r}", x, probs(5, 4), reduction=r)
    ce(f"probabilities [5, 4] weight, smoothing {r}", x, probs(5, 4), w, reduction=r, label_smoothing=0.2)
    ce(f"probabilities spatial [2, 3, 4] {r}", torch.randn(2, 3, 4), probs(2, 3, 4), reduction=r)
ce("probabilities unbatched [4]", torch.randn(4), probs(4, dim=0))
ce("probabilities spatial weight", torch.randn(2, 3, 4), probs(2, 3, 4), torch.tensor([1.0, 2.0, 0.5]),
   label_smoothing=0.1)
ce("probabilities expanded target", x, Input(probs(1, 4), [["expand", [5, 4]]]))

# ---- errors ---------------------------------------------------------------------------------------------------
ce("target out of bounds", x, torch.tensor([0, 5, 1, 3, 2]), error="IndexError")
ce("negative target", x, torch.tensor([0, -1, 1, 3, 2]), error="IndexError")
ce("target out of bounds, no reduction", x, torch.tensor([0, 4, 1, 3, 2]), reduction="none", error="IndexError")
ce("no classes", torch.zeros(2, 0), torch.zeros(2, dtype=torch.int64), error="IndexError")
ce("batch size mismatch", x, torch.tensor([0, 1]), error="ShapeError")
ce("spatial size mismatch", torch.randn(2, 3, 4), classes(2, 5, c=3), error="ShapeError")
ce("spatial target of wrong rank", torch.randn(2, 3, 4), classes(2, c=3), error="ShapeError")
ce("2-d target for [N, C]", x, classes(5, 2, c=4), error="ShapeError")
ce("unbatched with a [1] target", torch.randn(4), torch.tensor([2]), error="ShapeError")
ce("weight of the wrong size", x, t, torch.ones(3), error="ShapeError")
ce("float target of another shape", x, t.float(), error="DTypeError")
ce("bool target", x, t > 1, error="DTypeError")
ce("int probabilities", x, torch.zeros(5, 4, dtype=torch.int64), error="DTypeError")
ce("ignoreIndex with probabilities", x, probs(5, 4), ignore_index=1, error="ValueError")
ce("bad reduction", x, t, reduction="avg", error="ValueError")
ce("label smoothing above 1", x, t, label_smoothing=1.5, error="ValueError")
ce("int input", t.reshape(5, 1).expand(5, 4).contiguous(), t, error="DTypeError")
ce("0-d input", torch.tensor(1.0), torch.tensor(1.0), error="IndexError")

# ---- nllLoss ---------------------------------------------------------------------------------------------------
logp = torch.log_softmax(x, 1)
for r in REDUCTIONS:
    nll(f"[5, 4] {r}", logp, t, reduction=r)
    nll(f"[5, 4] weight and ignored {r}", logp, t_ignored, w, reduction=r)
    nll(f"spatial [2, 3, 2, 2] {r}", torch.randn(2, 3, 2, 2), classes(2, 2, 2, c=3), reduction=r)
nll("unbatched [4]", torch.randn(4), torch.tensor(1))
nll("ignoreIndex=3", logp, t, ignore_index=3)
nll("transposed input", Input(torch.randn(4, 5), [["transpose", 0, 1]]), t, w)
nll("target out of bounds", logp, torch.tensor([0, 4, 1, 3, 2]), error="IndexError")
nll("weight of the wrong size", logp, t, torch.ones(5), error="ShapeError")
nll("batch size mismatch", logp, torch.tensor([0, 1, 2]), error="ShapeError")

f.save()
