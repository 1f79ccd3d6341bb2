"""Hessians and Jacobians of a small MLP from functorch, in float64, for @bn/autograd's test of `hessian`, `jacrev`
and `jacfwd` on a dict of parameters (packages/autograd/test/jacobians.test.ts).

    mlp(params, x) = tanh(x @ w1.T + b1) @ w2.T + b2        3 -> 4 -> 2, x [2, 3] (a batch of two)
    loss(params, x, t) = F.cross_entropy(mlp(params, x), t)  t = TARGETS
Parameters and input: torch.manual_seed(0), randn in float64 (w1, w2 scaled by 1/sqrt(fan_in)), rounded to float32
(stored as such and cast back, so both sides start from the same numbers). Records:
    hessian        hessian(loss, argnums=(0, 1))(params, x, t), arranged as functorch (the output tree of the
                   gradient, each leaf a list over argnums): [{a: [{b: a.shape + b.shape}, a.shape + [2, 3]]},
                   [{b: [2, 3] + b.shape}, [2, 3, 2, 3]]]; its blocks are hessian(loss) ([0][a][0]) and
                   hessian(loss, argnums=1) ([1][1]). (`hessian` is computed as jacrev(jacrev), see there.)
    jacobian       functorch.jacrev(mlp)(params, x): {a: [2, 2] + a.shape}
Tensors are rounded to float32 for storage (enc); the values are O(0.01-1).
Writes `packages/autograd/test/fixtures/jacobians.json`. Run: `/usr/bin/python3 tools/golden/autograd_jacobians.py`.
"""
import json
from pathlib import Path

import torch
import torch.nn.functional as F
from functorch import jacrev

from common import enc

OUT = Path(__file__).resolve().parents[2] / "packages" / "autograd" / "test" / "fixtures" / "jacobians.json"
TARGETS = [1, 0]


def mlp(params, x):
    return torch.tanh(x @ params["w1"].T + params["b1"]) @ params["w2"].T + params["b2"]


def loss(params, x, t):
    return F.cross_entropy(mlp(params, x), t)


def hessian(f, argnums=0):
    """functorch.hessian is jacfwd(jacrev(f)), but torch 1.13 has no forward-mode rule for log_softmax's backward
    (NotImplementedError): the same second derivatives by reverse over reverse."""
    return jacrev(jacrev(f, argnums=argnums), argnums=argnums)


def f32(t):
    """The float64 tensor rounded to float32 and back: exactly representable on both sides."""
    return t.to(torch.float32).to(torch.float64)


def tree(value):
    """Encodes a nest of dicts, tuples and tensors (tensors rounded to float32)."""
    if isinstance(value, dict):
        return {k: tree(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [tree(v) for v in value]
    return enc(value.to(torch.float32))


def main():
    torch.manual_seed(0)
    params = {
        "w1": f32(torch.randn(4, 3, dtype=torch.float64) / 3**0.5),
        "b1": f32(torch.randn(4, dtype=torch.float64) * 0.5),
        "w2": f32(torch.randn(2, 4, dtype=torch.float64) / 2),
        "b2": f32(torch.randn(2, dtype=torch.float64) * 0.5),
    }
    x = f32(torch.randn(2, 3, dtype=torch.float64))
    t = torch.tensor(TARGETS)
    data = {
        "torch": torch.__version__,
        "params": tree(params),
        "x": enc(x.to(torch.float32)),
        "targets": TARGETS,
        "hessian": tree(hessian(loss, argnums=(0, 1))(params, x, t)),
        "jacobian": tree(jacrev(mlp)(params, x)),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{OUT.name}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
