"""The PyTorch twin of apps/bench's `train` suite (`pnpm bench --suite train`), on one thread, with the suite's case
names; images per second of training steps of the per-sample-gradients tutorial's SimpleCNN on MNIST-shaped batches:
a plain step (forward, nll_loss, backward, torch.optim.SGD; `simplecnn 28 B=64 sgd step`); Opacus's DP-SGD step
written with functorch (vmap(grad(loss)) per-sample gradients, each sample's gradient clipped to norm C over all
parameters, summed, Gaussian noise of std sigma*C added, divided by the batch, one SGD step;
`simplecnn 28 B=64 dp-sgd step`); and an ensemble of K SimpleCNNs with BatchNorm in train mode, one SGD step with
momentum each, under one vmap over the stacked parameters, buffers and momentum buffers (functorch's
examples/ensembling/parallel_train.py) against K separate torch.optim.SGD steps (`ensemble K=4 simplecnn-bn 28 B=64
vmap|loop`, and `loop/vmap`, the time ratio).

    /usr/bin/python3 tools/bench/train_torch.py            # the figures, as text
    /usr/bin/python3 tools/bench/train_torch.py --json     # one row per line, read by the train suite
    ... --quick                                            # the suite's --quick sizes (a smoke run, not figures)

The train suite runs it itself (BN_BENCH_PYTHON, default /usr/bin/python3) and reports its rows as `pytorch`.
Inputs are random MNIST-shaped tensors (throughput does not depend on pixel values). Figures only: nothing is checked
against @bn (another process, its own random weights)."""
import torch
import torch.nn.functional as F
from functorch import grad, grad_and_value, vmap
from torch.nn.utils.stateless import functional_call

from simple_cnn import CLASSES, SimpleCNN
from timing import measure_spread, recorder, twin_args

torch.set_num_threads(1)

FULL = {"batch": 64, "size": 28, "members": 4}
QUICK = {"batch": 4, "size": 12, "members": 2}
# the suite's hyper-parameters (they change no timing): SGD's learning rate, the ensemble's momentum, DP-SGD's
# clipping norm C and noise multiplier sigma
LR = 0.01
MOMENTUM = 0.9
MAX_GRAD_NORM = 1.0
NOISE_MULTIPLIER = 1.0


def sgd_step(model, x, y):
    """One training step as PyTorch code is written: zero_grad, forward, nll_loss, backward, optimizer step."""
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step():
        opt.zero_grad()
        F.nll_loss(model(x), y).backward()
        opt.step()

    return step


def dp_sgd_step(model, x, y):
    """Opacus's DP-SGD step with functorch: per-sample gradients by vmap(grad(loss)), clipped, summed, noised."""
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    params = {k: p.detach() for k, p in model.named_parameters()}  # views of the parameters opt.step() updates

    def sample_loss(p, sample, target):
        return F.nll_loss(functional_call(model, p, (sample.unsqueeze(0),)), target.unsqueeze(0))

    per_sample = vmap(grad(sample_loss), in_dims=(None, 0, 0))
    batch = len(x)

    def step():
        grads = per_sample(params, x, y)
        norms = torch.stack([g.reshape(batch, -1).norm(dim=1) for g in grads.values()]).norm(dim=0)
        factor = (MAX_GRAD_NORM / (norms + 1e-6)).clamp(max=1.0)
        for k, p in model.named_parameters():
            summed = torch.einsum("i,i...->...", factor, grads[k])
            p.grad = (summed + torch.normal(0, NOISE_MULTIPLIER * MAX_GRAD_NORM, summed.shape)) / batch
        opt.step()

    return step


def ensemble_steps(members, xs, ys):
    """K members' SGD-with-momentum steps: one vmap over their stacked state, and K torch.optim.SGD steps in turn."""
    base = members[0]
    params = {k: torch.stack([dict(m.named_parameters())[k].detach() for m in members]) for k, _ in base.named_parameters()}
    buffers = {k: torch.stack([dict(m.named_buffers())[k] for m in members]) for k, _ in base.named_buffers()}
    momenta = {k: torch.zeros_like(p) for k, p in params.items()}

    def loss(p, b, x, y):  # the buffers are an argument: grad refuses in-place writes into captured tensors
        return F.nll_loss(functional_call(base, {**p, **b}, (x,)), y)

    def member_step(p, b, m, x, y):
        g, _ = grad_and_value(loss)(p, b, x, y)
        new_m = {k: MOMENTUM * m[k] + g[k] for k in p}  # torch.optim.SGD's buffer (dampening 0), zeros at first
        return {k: p[k] - LR * new_m[k] for k in p}, new_m

    mapped = vmap(member_step)
    state = [params, momenta]

    def vmapped():
        state[0], state[1] = mapped(state[0], buffers, state[1], xs, ys)

    optimizers = [torch.optim.SGD(m.parameters(), lr=LR, momentum=MOMENTUM) for m in members]

    def loop():
        for m, opt, x, y in zip(members, optimizers, xs, ys):
            opt.zero_grad()
            F.nll_loss(m(x), y).backward()
            opt.step()

    return vmapped, loop


def main():
    args = twin_args(__doc__, "train")
    s = QUICK if args.quick else FULL
    warmup, runs = (0, 1) if args.quick else (2, 9)
    record = recorder(args.json, 44)

    def images_per_second(case, fn, images):
        median, fastest, slowest = measure_spread(fn, warmup, runs)
        record(case, "img_per_s", images * 1000 / median, images * 1000 / slowest, images * 1000 / fastest)
        return median

    if not args.json:
        print(f"PyTorch {torch.__version__}, one thread, median of the timed runs after warm-up (fastest-slowest)\n")
    torch.manual_seed(0)
    batch, size, k = s["batch"], s["size"], s["members"]
    x = torch.randn(batch, 1, size, size)
    y = torch.randint(0, CLASSES, (batch,))
    name = f"simplecnn {size} B={batch}"
    images_per_second(f"{name} sgd step", sgd_step(SimpleCNN(size), x, y), batch)
    images_per_second(f"{name} dp-sgd step", dp_sgd_step(SimpleCNN(size), x, y), batch)

    members = [SimpleCNN(size, batch_norm=True).train() for _ in range(k)]
    xs = torch.randn(k, batch, 1, size, size)
    ys = torch.randint(0, CLASSES, (k, batch))
    vmapped, loop = ensemble_steps(members, xs, ys)
    ensemble = f"ensemble K={k} simplecnn-bn {size} B={batch}"
    vmap_ms = images_per_second(f"{ensemble} vmap", vmapped, k * batch)
    loop_ms = images_per_second(f"{ensemble} loop", loop, k * batch)
    record(f"{ensemble} loop/vmap", "ratio", loop_ms / vmap_ms)


if __name__ == "__main__":
    main()
