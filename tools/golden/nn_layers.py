"""Fixtures for @bn/nn's non-normalisation layers: each case builds a torch.nn layer from the options @bn uses
(camelCase keys, converted to torch's keywords), records the state dict torch drew, an input, the output and
repr(module); error cases record torch's exception for a constructor or a forward.

Writes packages/nn/test/fixtures/layers.json; read by packages/nn/test/layers.test.ts.
Run with Debian's torch: `/usr/bin/python3 tools/golden/nn_layers.py`.
"""
import ast
import json
import re
from pathlib import Path

import torch
import torch.nn as nn

from common import enc, randn

OUT = Path(__file__).resolve().parents[2] / "packages" / "nn" / "test" / "fixtures" / "layers.json"

cases = []
errors = []


def snake(name):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def to_torch(v):
    """JSON lists are tuples for torch (as users write sizes), so repr prints `(3, 2)`."""
    return tuple(to_torch(x) for x in v) if isinstance(v, list) else v


def build(layer, args, options):
    kwargs = {snake(k): to_torch(v) for k, v in options.items()}
    return getattr(nn, layer)(*[to_torch(a) for a in args], **kwargs)


def case(name, layer, args, options, shape, seed, training=False):
    """`layer(*args, **options)` with weights drawn after manual_seed(seed), run on randn(shape)."""
    torch.manual_seed(seed)
    module = build(layer, args, options).train(training)
    x = randn(*shape, seed=seed + 1000)
    record = {"name": name, "layer": layer, "args": args, "options": options, "training": training,
              "input": enc(x)}
    # in-place layers overwrite their input: run on a copy
    out = module(x.clone())
    record.update({
        "state": [[k, enc(v)] for k, v in module.state_dict().items()],
        "output": enc(out),
        "repr": repr(module),
    })
    cases.append(record)


# torch prints these Python sets in hash order, which changes from run to run; the fixture lists them in the
# order of torch's source (conv.py: valid_padding_strings, valid_padding_modes), as @bn's messages do
SOURCE_ORDER = [["same", "valid"], ["zeros", "reflect", "replicate", "circular"]]


def canonical_sets(message):
    def fix(m):
        items = ast.literal_eval(m.group(0))
        for order in SOURCE_ORDER:
            if sorted(items) == sorted(order):
                return "{" + ", ".join(repr(v) for v in order) + "}"
        return m.group(0)

    return re.sub(r"\{'[a-z]+'(?:, '[a-z]+')*\}", fix, message)


def error(name, layer, args, options, error_type, shape=None, contains=False):
    """torch raises constructing the layer (no `shape`) or running it on randn(shape).

    Constructor messages must equal torch's; forward messages come from @bn/tensor's ops, which must contain
    torch's message when `contains`, else only the error class is checked."""
    record = {"name": name, "layer": layer, "args": args, "options": options, "type": error_type,
              "phase": "construct" if shape is None else "forward"}
    if shape is not None:
        module = build(layer, args, options)  # must construct: the error is the forward's
        x = randn(*shape, seed=7)
        record.update({"input": enc(x), "contains": contains})
    try:
        if shape is None:
            build(layer, args, options)
        else:
            module(x)
    except Exception as e:  # noqa: BLE001 - any torch error is what we record
        record["torch"] = canonical_sets(str(e).splitlines()[0])
    else:
        raise AssertionError(f"{name}: torch did not raise")
    errors.append(record)


# ---- Conv2d ---------------------------------------------------------------------------------------------------
case("Conv2d 3x3", "Conv2d", [3, 4, 3], {}, [2, 3, 6, 6], 1)
case("Conv2d stride 2 padding 1", "Conv2d", [3, 4, 3], {"stride": 2, "padding": 1}, [2, 3, 7, 7], 2)
case("Conv2d padding same dilation 2", "Conv2d", [2, 3, 3], {"padding": "same", "dilation": 2}, [1, 2, 7, 7], 3)
case("Conv2d padding same even kernel", "Conv2d", [2, 2, 4], {"padding": "same"}, [1, 2, 5, 6], 4)
case("Conv2d padding valid", "Conv2d", [2, 3, 3], {"padding": "valid"}, [1, 2, 5, 5], 5)
case("Conv2d groups 2", "Conv2d", [4, 6, 3], {"padding": 1, "groups": 2}, [2, 4, 5, 5], 6)
case("Conv2d depthwise no bias", "Conv2d", [4, 4, 3], {"padding": 1, "groups": 4, "bias": False}, [1, 4, 6, 6], 7)
case("Conv2d no bias", "Conv2d", [3, 5, 3], {"bias": False}, [2, 3, 5, 5], 8)
case("Conv2d non-square kernel", "Conv2d", [2, 3, [3, 1]], {"stride": [2, 1], "padding": [1, 0]}, [1, 2, 7, 5], 9)
case("Conv2d 1x1", "Conv2d", [6, 4, 1], {}, [2, 6, 4, 4], 10)
case("Conv2d unbatched input", "Conv2d", [3, 2, 3], {"padding": 1}, [3, 5, 5], 11)
case("Conv2d dilation [2, 1] stride [1, 2]", "Conv2d", [2, 2, 3], {"dilation": [2, 1], "stride": [1, 2]},
     [1, 2, 8, 8], 12)
case("Conv2d reflect", "Conv2d", [2, 3, 3], {"padding": 1, "paddingMode": "reflect"}, [1, 2, 5, 5], 13)
case("Conv2d replicate padding [1, 2]", "Conv2d", [2, 3, 3], {"padding": [1, 2], "paddingMode": "replicate"},
     [1, 2, 5, 5], 14)
case("Conv2d circular padding 2", "Conv2d", [2, 3, 3], {"padding": 2, "paddingMode": "circular"}, [2, 2, 4, 5], 15)
case("Conv2d reflect same even kernel dilation 2", "Conv2d", [2, 2, 4],
     {"padding": "same", "dilation": 2, "paddingMode": "reflect"}, [1, 2, 8, 8], 16)
case("Conv2d replicate valid", "Conv2d", [2, 2, 3], {"padding": "valid", "paddingMode": "replicate"},
     [1, 2, 5, 5], 17)

# ---- Linear ---------------------------------------------------------------------------------------------------
case("Linear 1-D input", "Linear", [5, 3], {}, [5], 20)
case("Linear 2-D input", "Linear", [5, 3], {}, [4, 5], 21)
case("Linear 3-D input", "Linear", [5, 3], {}, [2, 3, 5], 22)
case("Linear no bias", "Linear", [4, 6], {"bias": False}, [3, 4], 23)

# ---- activations ----------------------------------------------------------------------------------------------
case("ReLU", "ReLU", [], {}, [3, 4], 30)
case("ReLU inplace", "ReLU", [], {"inplace": True}, [3, 4], 31)
case("SiLU", "SiLU", [], {}, [3, 4], 32)
case("SiLU inplace", "SiLU", [], {"inplace": True}, [2, 5], 33)
case("Sigmoid", "Sigmoid", [], {}, [3, 4], 34)
case("Tanh", "Tanh", [], {}, [3, 4], 35)
case("GELU", "GELU", [], {}, [3, 4], 36)
case("GELU tanh", "GELU", [], {"approximate": "tanh"}, [3, 4], 37)
case("Softmax dim 1", "Softmax", [1], {}, [3, 4], 38)
case("Softmax dim -1 on 3-D", "Softmax", [-1], {}, [2, 3, 4], 39)
case("Softmax dim 0 on 3-D", "Softmax", [0], {}, [2, 3, 4], 40)

# ---- pools ----------------------------------------------------------------------------------------------------
case("MaxPool2d 2", "MaxPool2d", [2], {}, [2, 3, 6, 6], 50)
case("MaxPool2d 3 stride 2 padding 1", "MaxPool2d", [3], {"stride": 2, "padding": 1}, [1, 2, 8, 8], 51)
case("MaxPool2d ceilMode", "MaxPool2d", [3], {"stride": 2, "ceilMode": True}, [1, 2, 8, 8], 52)
case("MaxPool2d rect kernel dilation", "MaxPool2d", [[3, 2]], {"stride": [2, 1], "padding": [1, 0], "dilation": [1, 2]},
     [1, 2, 7, 7], 53)
case("AvgPool2d 2", "AvgPool2d", [2], {}, [2, 3, 6, 6], 54)
case("AvgPool2d padding exclude pad", "AvgPool2d", [3], {"stride": 2, "padding": 1, "countIncludePad": False},
     [1, 2, 7, 7], 55)
case("AvgPool2d ceilMode", "AvgPool2d", [3], {"stride": 2, "ceilMode": True}, [1, 2, 8, 8], 56)
case("AvgPool2d divisorOverride", "AvgPool2d", [[2, 3]], {"divisorOverride": 4}, [1, 2, 6, 6], 57)
case("AdaptiveAvgPool2d 1", "AdaptiveAvgPool2d", [1], {}, [2, 3, 5, 5], 58)
case("AdaptiveAvgPool2d [3, 5] from 7x8", "AdaptiveAvgPool2d", [[3, 5]], {}, [1, 2, 7, 8], 59)
case("AdaptiveAvgPool2d [null, 2]", "AdaptiveAvgPool2d", [[None, 2]], {}, [1, 2, 5, 7], 60)
case("AdaptiveAvgPool2d 4 from 7 unbatched", "AdaptiveAvgPool2d", [4], {}, [2, 7, 7], 61)

# ---- Flatten, Identity, Dropout -------------------------------------------------------------------------------
case("Flatten default", "Flatten", [], {}, [2, 3, 4, 5], 70)
case("Flatten startDim 0", "Flatten", [], {"startDim": 0}, [2, 3, 4], 71)
case("Flatten dims 1..2", "Flatten", [], {"startDim": 1, "endDim": 2}, [2, 3, 4, 5], 72)
case("Flatten dims -3..-2", "Flatten", [], {"startDim": -3, "endDim": -2}, [2, 3, 4, 5], 73)
case("Identity ignores its arguments", "Identity", [3], {"unused": "x"}, [2, 3], 74)
case("Dropout eval", "Dropout", [0.2], {}, [4, 5], 75)
case("Dropout default eval", "Dropout", [], {}, [4, 5], 76)
case("Dropout p 0 training", "Dropout", [0.0], {}, [4, 5], 77, training=True)
case("Dropout p 1 training", "Dropout", [1.0], {}, [4, 5], 78, training=True)
case("Dropout inplace eval", "Dropout", [0.3], {"inplace": True}, [4, 5], 79)

# ---- errors ---------------------------------------------------------------------------------------------------
error("in_channels not divisible by groups", "Conv2d", [3, 4, 3], {"groups": 2}, "ValueError")
error("out_channels not divisible by groups", "Conv2d", [4, 3, 3], {"groups": 2}, "ValueError")
error("groups 0", "Conv2d", [4, 4, 3], {"groups": 0}, "ValueError")
error("invalid padding string", "Conv2d", [3, 4, 3], {"padding": "full"}, "ValueError")
error("padding same strided", "Conv2d", [3, 4, 3], {"stride": 2, "padding": "same"}, "ValueError")
error("invalid padding mode", "Conv2d", [3, 4, 3], {"paddingMode": "mirror"}, "ValueError")
error("dropout p > 1", "Dropout", [1.5], {}, "ValueError")
error("dropout p < 0", "Dropout", [-0.1], {}, "ValueError")
error("Conv2d on 2-D input", "Conv2d", [3, 4, 3], {}, "ShapeError", shape=[3, 5], contains=True)
error("Conv2d channel mismatch", "Conv2d", [3, 4, 3], {}, "ShapeError", shape=[1, 2, 5, 5], contains=True)
error("Conv2d reflect padding too large", "Conv2d", [1, 1, 3], {"padding": 3, "paddingMode": "reflect"},
      "ShapeError", shape=[1, 1, 3, 3])
error("Linear in-features mismatch", "Linear", [5, 3], {}, "ShapeError", shape=[4, 6])
error("Softmax dim out of range", "Softmax", [1], {}, "IndexError", shape=[4], contains=True)
error("MaxPool2d output too small", "MaxPool2d", [3], {}, "ShapeError", shape=[1, 1, 2, 2], contains=True)
error("Flatten start after end", "Flatten", [], {"startDim": 2, "endDim": 1}, "ValueError", shape=[2, 3, 4, 5],
      contains=True)

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases, "errors": errors}, separators=(",", ":")) + "\n")
print(f"{OUT.name}: {len(cases)} cases, {len(errors)} errors, {OUT.stat().st_size} bytes")
