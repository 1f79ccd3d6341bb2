"""The PyTorch twin of apps/bench's `models` and `vmap` suites, for quoting @bn/models' figures beside PyTorch's on
the same machine: torchvision's resnet18 and regnet_y_400mf forward (eval), ms and GFLOP/s, at 224x224 batch 1 and
32x32 batch 32 (`models` cases `resnet18 224 b1`, `resnet18 32 b32`, `regnetY400mf ...`), and resnet18 patched with
replace_all_batch_norm_modules_ (training) under functorch's vmap, a loop over the groups and the flattened batch at
B=8 groups of N=4 32x32 images (`vmap` cases `resnet18 B=8 N=4 vmap|loop|flattened`). One thread. Figures only.
Run with Debian's torch: /usr/bin/python3 tools/bench/models_torch.py"""
import sys
from pathlib import Path

import torch
from functorch import vmap
from functorch.experimental import replace_all_batch_norm_modules_
from torchvision import models

from timing import measure

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "golden"))
from models_architectures import count_flops  # noqa: E402 - the generator's counter (2 per multiply-add)

torch.set_num_threads(1)


def main():
    torch.manual_seed(0)
    print(f"PyTorch {torch.__version__}, one thread, median of 9 timed runs after warm-up\n")
    with torch.no_grad():
        for name in ("resnet18", "regnet_y_400mf"):
            model = getattr(models, name)().eval()
            for batch, size in ((1, 224), (32, 32)):
                x = torch.randn(batch, 3, size, size)
                ms = measure(lambda: model(x))
                gflop = count_flops(model, x) / 1e9
                print(f"{name:15} [{batch}, 3, {size}, {size}]  {ms:8.2f} ms  {gflop:6.2f} GFLOP  "
                      f"{gflop / ms * 1000:6.2f} GFLOP/s")

        model = replace_all_batch_norm_modules_(models.resnet18(num_classes=10)).train()
        b, n = 8, 4
        x = torch.randn(b, n, 3, 32, 32)
        mapped = measure(lambda: vmap(model)(x))
        loop = measure(lambda: torch.stack([model(x[i]) for i in range(b)]))
        flat = measure(lambda: model(x.reshape(b * n, 3, 32, 32)))
        print(f"\nresnet18 patched, training, B={b} groups of N={n} 32x32:")
        print(f"  vmap {mapped:.2f} ms, loop {loop:.2f} ms, flattened {flat:.2f} ms")
        print(f"  loop / vmap = {loop / mapped:.3f}, vmap / flattened = {mapped / flat:.3f}")


if __name__ == "__main__":
    main()
