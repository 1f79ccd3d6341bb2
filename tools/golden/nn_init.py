"""Fixtures for @bn/nn's init: torch.nn.init's deterministic parts (gains, fans, the Kaiming and Xavier bounds
and standard deviations) and its error messages. Random draws are not recorded: @bn draws from Philox, torch from
mt19937, so packages/nn/test/init.test.ts checks the draws statistically against these numbers.

Writes packages/nn/test/fixtures/init.json. Run with `/usr/bin/python3 tools/golden/nn_init.py`.
"""
import json
import math
from pathlib import Path

import torch
import torch.nn.init as init

OUT = Path(__file__).resolve().parents[2] / "packages" / "nn" / "test" / "fixtures" / "init.json"

NONLINEARITIES = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                  "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]
gains = [{"nonlinearity": n, "param": None, "gain": init.calculate_gain(n)} for n in NONLINEARITIES]
gains += [{"nonlinearity": "leaky_relu", "param": p, "gain": init.calculate_gain("leaky_relu", p)}
          for p in [0, 0.2, math.sqrt(5), 1]]

SHAPES = [[3, 5], [256, 128, 3, 3], [8, 4, 5, 1], [6, 2, 3], [4, 0, 3, 3], [2, 3, 2, 2, 2]]
fans = []
for shape in SHAPES:
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(torch.empty(shape))
    fans.append({"shape": shape, "fanIn": fan_in, "fanOut": fan_out})


def kaiming_std(shape, a, mode, nonlinearity):
    """The std kaiming_normal_ draws with, read back from torch's own arithmetic (init.py 1.13)."""
    fan = init._calculate_correct_fan(torch.empty(shape), mode)
    return init.calculate_gain(nonlinearity, a) / math.sqrt(fan)


kaiming = []
for shape, a, mode, nl in [([256, 128, 3, 3], 0, "fan_in", "leaky_relu"), ([256, 128, 3, 3], 0, "fan_out", "relu"),
                           ([64, 32, 3, 3], math.sqrt(5), "fan_in", "leaky_relu"), ([300, 200], 0.1, "fan_out", "leaky_relu"),
                           ([200, 300], 0, "fan_in", "tanh")]:
    kaiming.append({"shape": shape, "a": a, "mode": mode, "nonlinearity": nl, "std": kaiming_std(shape, a, mode, nl)})

xavier = []
for shape, gain in [([300, 200], 1.0), ([64, 32, 3, 3], math.sqrt(2))]:
    fan_in, fan_out = init._calculate_fan_in_and_fan_out(torch.empty(shape))
    xavier.append({"shape": shape, "gain": gain, "std": gain * math.sqrt(2.0 / float(fan_in + fan_out))})


def message(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - any torch error is what we record
        return f"{type(e).__name__}: {e}"
    raise AssertionError("torch did not raise")


errors = {
    "badMode": message(lambda: init.kaiming_uniform_(torch.empty(3, 3), mode="fan_avg")),
    "badNonlinearity": message(lambda: init.kaiming_normal_(torch.empty(3, 3), nonlinearity="softplus")),
    "badSlope": message(lambda: init.calculate_gain("leaky_relu", True)),
    "fewerThan2Dims": message(lambda: init.kaiming_uniform_(torch.empty(5))),
    "uniformRange": message(lambda: init.uniform_(torch.empty(3), 1, 0)),
    "normalStd": message(lambda: init.normal_(torch.empty(3), 0, -1)),
}

OUT.parent.mkdir(parents=True, exist_ok=True)
data = {"torch": torch.__version__, "gains": gains, "fans": fans, "kaiming": kaiming, "xavier": xavier,
        "errors": errors}
OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
print(f"{OUT.name}: {OUT.stat().st_size} bytes")
