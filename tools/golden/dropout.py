"""Fixtures for the random ops where PyTorch's result does not depend on its generator: dropout with p = 0
(identity, scaled by 1), p = 1 (zeros) and in eval (the input). The draws themselves are checked against Philox
vectors and statistics in src/ops/random.test.ts, since PyTorch's CPU generator is mt19937."""
import torch
import torch.nn.functional as F

from common import Fixture, Input, randn

torch.manual_seed(0)
f = Fixture("dropout")
for p in [0.0, 1.0]:
    f.case("dropout", f"p={p}", [randn(3, 4)], {"p": p}, lambda x, p=p: F.dropout(x, p))
    f.case("dropout", f"p={p} on a permuted input", [Input(randn(4, 3), [["permute", [1, 0]]])], {"p": p},
           lambda x, p=p: F.dropout(x, p))
f.case("dropout", "eval", [randn(2, 5)], {"p": 0.5, "training": False}, lambda x: F.dropout(x, 0.5, False))
f.case("dropout", "p > 1", [randn(2)], {"p": 1.5}, lambda x: F.dropout(x, 1.5), error="ValueError")
f.case("dropout", "p < 0", [randn(2)], {"p": -0.1}, lambda x: F.dropout(x, -0.1), error="ValueError")
f.save()
