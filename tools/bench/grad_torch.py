"""The PyTorch twin of apps/bench's `grad` suite (`pnpm bench --suite grad`), on one thread, with the suite's case
names: per-sample gradients with functorch's vmap(grad(loss)) against a loop of grad(loss) over single samples for
the per-sample-gradients tutorial's SimpleCNN (`simplecnn 28 B=64 vmap|loop`) and for resnet18 patched with
replace_all_batch_norm_modules_ (`resnet18 patched 64 B=16 ...`, 10 classes); a training step of resnet18
(torchvision, 1000 classes, train mode: forward, cross-entropy, torch.autograd.grad w.r.t. every parameter;
`resnet18 224 b8 train step`, ms per image); and the forward convolution beside its input and weight gradients
(aten's convolution_backward) on three ResNet layers, GFLOP/s counting the forward's FLOPs for all three.

    /usr/bin/python3 tools/bench/grad_torch.py            # the figures, as text
    /usr/bin/python3 tools/bench/grad_torch.py --json     # one row per line, read by the grad suite
    ... --quick                                           # the suite's --quick sizes (a smoke run, not figures)

The grad suite runs it itself (BN_BENCH_PYTHON, default /usr/bin/python3) and reports its rows as `pytorch`.
Figures only: nothing is checked against @bn (another process, its own random weights)."""
import torch
import torch.nn.functional as F
from functorch import grad, make_functional_with_buffers, vmap
from functorch.experimental import replace_all_batch_norm_modules_
from torchvision import models

from simple_cnn import SimpleCNN
from timing import measure_spread, recorder, twin_args

torch.set_num_threads(1)

FULL = {
    "simplecnn": {"batch": 64, "size": 28},
    "patched": {"batch": 16, "size": 64, "classes": 10},
    "train": {"batch": 8, "size": 224, "classes": 1000},
    # (name, in channels, out channels, size, kernel, stride, padding), batch 1
    "convs": [
        ("conv3x3 64ch 56x56", 64, 64, 56, 3, 1, 1),
        ("conv1x1 256ch 28x28", 256, 256, 28, 1, 1, 0),
        ("conv3x3s2 64->128ch 56x56", 64, 128, 56, 3, 2, 1),
    ],
}
QUICK = {
    "simplecnn": {"batch": 4, "size": 12},
    "patched": {"batch": 2, "size": 64, "classes": 10},  # 64: layer4 has 2x2 maps, BatchNorm needs > 1 value
    "train": {"batch": 2, "size": 32, "classes": 10},
    "convs": [
        ("conv3x3 8ch 9x9", 8, 8, 9, 3, 1, 1),
        ("conv1x1 8ch 9x9", 8, 8, 9, 1, 1, 0),
        ("conv3x3s2 8->16ch 9x9", 8, 16, 9, 3, 2, 1),
    ],
}


def per_sample(record, name, model, loss_fn, x, y, runs):
    """vmap(grad(loss)) over the samples and a loop of grad(loss) over them, as the tutorial's functorch version."""
    fmodel, params, buffers = make_functional_with_buffers(model)

    def loss(p, b, sample, target):
        return loss_fn(fmodel(p, b, sample.unsqueeze(0)), target.unsqueeze(0))

    per_sample_grad = grad(loss)
    mapped = vmap(per_sample_grad, in_dims=(None, None, 0, 0))
    vmap_t = measure_spread(lambda: mapped(params, buffers, x, y), 1, runs)
    loop_t = measure_spread(lambda: [per_sample_grad(params, buffers, x[i], y[i]) for i in range(len(x))], 1, runs)
    record(f"{name} vmap", "ms", *vmap_t)
    record(f"{name} loop", "ms", *loop_t)
    record(f"{name} loop/vmap", "ratio", loop_t[0] / vmap_t[0])


def training_step(record, batch, size, classes, runs):
    model = models.resnet18(num_classes=classes).train()
    params = list(model.parameters())
    x = torch.randn(batch, 3, size, size)
    y = torch.randint(0, classes, (batch,))

    def step():
        return torch.autograd.grad(F.cross_entropy(model(x), y), params)

    median, fastest, slowest = measure_spread(step, 1, runs)
    record(f"resnet18 {size} b{batch} train step", "ms_per_img", median / batch, fastest / batch, slowest / batch)


def conv_gradients(record, name, cin, cout, size, kernel, stride, padding):
    """conv2d, and aten's convolution_backward for the input (mask [T, F, F]) and the weight ([F, T, F]) alone."""
    x = torch.rand(1, cin, size, size) * 2 - 1
    w = torch.rand(cout, cin, kernel, kernel) * 2 - 1
    out = (size + 2 * padding - kernel) // stride + 1
    g = torch.rand(1, cout, out, out) * 2 - 1
    flops = 2 * cout * out * out * cin * kernel * kernel

    def backward(mask):
        return torch.ops.aten.convolution_backward(
            g, x, w, None, [stride] * 2, [padding] * 2, [1, 1], False, [0, 0], 1, mask)

    with torch.no_grad():
        ways = {
            "forward": lambda: F.conv2d(x, w, None, stride, padding),
            "input grad": lambda: backward([True, False, False]),
            "weight grad": lambda: backward([False, True, False]),
        }
        rates = {}
        for way, fn in ways.items():
            median, fastest, slowest = measure_spread(fn, 2, 9)
            rates[way] = flops / median / 1e6
            record(f"{name} {way}", "gflops", rates[way], flops / slowest / 1e6, flops / fastest / 1e6)
        for way in ("input grad", "weight grad"):
            record(f"{name} {way}/forward", "ratio", rates[way] / rates["forward"])


def main():
    args = twin_args(__doc__, "grad")
    settings = QUICK if args.quick else FULL
    few, many = (1, 1) if args.quick else (3, 5)
    record = recorder(args.json, 40)
    if not args.json:
        print(f"PyTorch {torch.__version__}, one thread, median of the timed runs after warm-up (fastest-slowest)\n")
    torch.manual_seed(0)
    s = settings["simplecnn"]
    x = torch.randn(s["batch"], 1, s["size"], s["size"])
    y = torch.randint(0, 10, (s["batch"],))
    per_sample(record, f"simplecnn {s['size']} B={s['batch']}", SimpleCNN(s["size"]), F.nll_loss, x, y, many)

    p = settings["patched"]
    model = replace_all_batch_norm_modules_(models.resnet18(num_classes=p["classes"])).train()
    x = torch.randn(p["batch"], 3, p["size"], p["size"])
    y = torch.randint(0, p["classes"], (p["batch"],))
    per_sample(record, f"resnet18 patched {p['size']} B={p['batch']}", model, F.cross_entropy, x, y, few)

    t = settings["train"]
    training_step(record, t["batch"], t["size"], t["classes"], few)

    for conv in settings["convs"]:
        conv_gradients(record, *conv)


if __name__ == "__main__":
    main()
