"""Fixtures for the pool family: maxPool2d, avgPool2d, adaptiveAvgPool2d (torch.nn.functional)."""
import torch
import torch.nn.functional as F

from common import Fixture, Input, randn

fx = Fixture("pool")
nan, inf = float("nan"), float("inf")

# Runner params use @bn's option names; these are torch's keyword names.
TORCH_NAMES = {"ceilMode": "ceil_mode", "countIncludePad": "count_include_pad", "divisorOverride": "divisor_override"}


def kwargs(params):
    return {TORCH_NAMES.get(k, k): v for k, v in params.items() if k != "kernelSize"}


def max_case(name, x, params, error=None):
    fx.case("maxPool2d", name, [x], params, lambda t: F.max_pool2d(t, params["kernelSize"], **kwargs(params)), error)


def avg_case(name, x, params, error=None):
    fx.case("avgPool2d", name, [x], params, lambda t: F.avg_pool2d(t, params["kernelSize"], **kwargs(params)), error)


def adaptive_case(name, x, output_size, error=None):
    size = output_size if isinstance(output_size, int) else tuple(output_size)
    fx.case("adaptiveAvgPool2d", name, [x], {"outputSize": output_size},
            lambda t: F.adaptive_avg_pool2d(t, size), error)


def channels_last(n, c, h, w, seed):
    """A [n, c, h, w] argument permuted from a contiguous [n, h, w, c] base."""
    return Input(randn(n, h, w, c, seed=seed), [["permute", [0, 3, 1, 2]]])


def with_edge_values(shape, seed):
    x = randn(*shape, seed=seed)
    flat = x.view(-1)
    flat[0] = nan
    flat[5] = inf
    flat[7] = -inf
    flat[-1] = nan
    return x


# ---- maxPool2d ------------------------------------------------------------------------------------------------
max_case("k2", randn(2, 3, 6, 6, seed=1), {"kernelSize": 2})
max_case("k3 s2", randn(2, 3, 7, 7, seed=2), {"kernelSize": 3, "stride": 2})
max_case("k3 s2 p1 (resnet stem)", randn(1, 2, 8, 8, seed=3), {"kernelSize": 3, "stride": 2, "padding": 1})
max_case("k3 s1 p1", randn(2, 2, 5, 5, seed=4), {"kernelSize": 3, "stride": 1, "padding": 1})
max_case("rect kernel, stride, padding", randn(1, 2, 7, 5, seed=5),
         {"kernelSize": [3, 2], "stride": [2, 1], "padding": [1, 0]})
max_case("dilation 2", randn(1, 2, 7, 7, seed=6), {"kernelSize": 3, "stride": 1, "dilation": 2})
max_case("dilation [2, 1] padding 1", randn(2, 1, 8, 6, seed=7),
         {"kernelSize": 3, "stride": [1, 2], "padding": 1, "dilation": [2, 1]})
max_case("stride null", randn(1, 2, 6, 4, seed=8), {"kernelSize": 2, "stride": None})
max_case("ceilMode k2 s2 on 5", randn(1, 1, 5, 5, seed=9), {"kernelSize": 2, "stride": 2, "ceilMode": True})
max_case("ceilMode last window dropped (starts in right padding)", randn(1, 2, 5, 5, seed=10),
         {"kernelSize": 2, "stride": 2, "padding": 1, "ceilMode": True})
max_case("ceilMode k3 s3 on 7 (one-column last window)", randn(1, 2, 7, 7, seed=11),
         {"kernelSize": 3, "stride": 3, "ceilMode": True})
max_case("ceilMode rect with dilation", randn(1, 2, 9, 8, seed=12),
         {"kernelSize": [3, 2], "stride": [2, 3], "padding": [1, 1], "dilation": [2, 1], "ceilMode": True})
max_case("ceilMode same as floor when it divides", randn(1, 1, 6, 6, seed=13),
         {"kernelSize": 2, "stride": 2, "ceilMode": True})
max_case("3-D input [C, H, W]", randn(3, 5, 5, seed=14), {"kernelSize": 2, "stride": 1})
max_case("channels-last (permuted)", channels_last(2, 3, 5, 6, 15), {"kernelSize": 2, "stride": 2, "padding": 1})
max_case("sliced with steps", Input(randn(2, 4, 10, 9, seed=16), [["slice", 1, 0, None, 2], ["slice", 2, 1, None, 2]]),
         {"kernelSize": 2})
max_case("expanded batch", Input(randn(1, 2, 4, 4, seed=17), [["expand", [3, 2, 4, 4]]]), {"kernelSize": 3, "stride": 1})
max_case("batch of 0", randn(0, 2, 4, 4, seed=18), {"kernelSize": 2})
max_case("nan propagates, inf", with_edge_values((1, 2, 4, 4), 19), {"kernelSize": 2})
max_case("all -inf window", torch.full((1, 1, 2, 4), -inf), {"kernelSize": 2})
max_case("kernel covers the input", randn(2, 2, 3, 3, seed=20), {"kernelSize": 3})
max_case("size-1 spatial", randn(2, 2, 1, 5, seed=21), {"kernelSize": [1, 2]})


def padded_max(t, k, d, p):
    """max_pool2d with padding `p`, written with an explicit -inf pad (the effective-kernel rule of newer torch)."""
    return F.max_pool2d(F.pad(t, (p, p, p, p), value=-inf), k, stride=1, dilation=d)


x = randn(1, 2, 6, 6, seed=22)
fx.case("maxPool2d", "pad up to half the effective (dilated) kernel", [x],
        {"kernelSize": 3, "stride": 1, "padding": 2, "dilation": 2}, lambda t: padded_max(t, 3, 2, 2))

x = randn(2, 3, 5, 5, seed=23)
max_case("error: pad over half the kernel", x, {"kernelSize": 3, "padding": 2}, "ValueError")
max_case("error: pad over half the effective kernel", x, {"kernelSize": 3, "padding": 3, "dilation": 2}, "ValueError")
max_case("error: output too small", x, {"kernelSize": 7}, "ShapeError")
max_case("error: 2-D input", randn(5, 5, seed=24), {"kernelSize": 2}, "ShapeError")
max_case("error: 5-D input", randn(1, 2, 3, 5, 5, seed=25), {"kernelSize": 2}, "ShapeError")
max_case("error: empty channel dim", randn(2, 0, 4, 5, seed=26), {"kernelSize": 2}, "ShapeError")
max_case("error: empty 3-D input", randn(0, 4, 5, seed=26), {"kernelSize": 2}, "ShapeError")
max_case("error: stride 0", x, {"kernelSize": 2, "stride": 0}, "ValueError")
max_case("error: negative stride", x, {"kernelSize": 2, "stride": -1}, "ValueError")
max_case("error: dilation 0", x, {"kernelSize": 2, "dilation": 0}, "ValueError")
max_case("error: negative padding", x, {"kernelSize": 2, "padding": -1}, "ValueError")
max_case("error: kernel of 3 sizes", x, {"kernelSize": [2, 3, 4]}, "ValueError")
max_case("error: int32 input", torch.arange(50, dtype=torch.int32).reshape(2, 1, 5, 5), {"kernelSize": 2}, "DTypeError")

# ---- avgPool2d ------------------------------------------------------------------------------------------------
avg_case("k2", randn(2, 3, 6, 6, seed=31), {"kernelSize": 2})
avg_case("k3 s2", randn(2, 2, 7, 7, seed=32), {"kernelSize": 3, "stride": 2})
avg_case("k3 s2 p1 countIncludePad", randn(1, 2, 7, 6, seed=33), {"kernelSize": 3, "stride": 2, "padding": 1})
avg_case("k3 s2 p1 countIncludePad false", randn(1, 2, 7, 6, seed=33),
         {"kernelSize": 3, "stride": 2, "padding": 1, "countIncludePad": False})
avg_case("rect kernel", randn(2, 1, 6, 7, seed=34), {"kernelSize": [2, 3], "stride": [1, 2], "padding": [1, 1]})
avg_case("stride null", randn(1, 2, 6, 4, seed=35), {"kernelSize": 2, "stride": None})
avg_case("ceilMode k2 s2 on 5", randn(1, 2, 5, 5, seed=36), {"kernelSize": 2, "stride": 2, "ceilMode": True})
avg_case("ceilMode p1 countIncludePad", torch.ones(1, 1, 5, 5),
         {"kernelSize": 2, "stride": 2, "padding": 1, "ceilMode": True})
avg_case("ceilMode p1 countIncludePad values", randn(1, 2, 5, 6, seed=37),
         {"kernelSize": 3, "stride": 2, "padding": 1, "ceilMode": True})
avg_case("ceilMode p1 countIncludePad false", randn(1, 2, 5, 6, seed=37),
         {"kernelSize": 3, "stride": 2, "padding": 1, "ceilMode": True, "countIncludePad": False})
avg_case("ceilMode k3 s3 on 7 (window past the end)", randn(1, 2, 7, 7, seed=38),
         {"kernelSize": 3, "stride": 3, "ceilMode": True})
avg_case("ceilMode k3 s3 on 7 countIncludePad false", randn(1, 2, 7, 7, seed=38),
         {"kernelSize": 3, "stride": 3, "ceilMode": True, "countIncludePad": False})
avg_case("divisorOverride", randn(2, 2, 4, 4, seed=39), {"kernelSize": 2, "divisorOverride": 3})
avg_case("divisorOverride with padding and ceilMode", randn(1, 2, 5, 5, seed=40),
         {"kernelSize": 3, "stride": 2, "padding": 1, "ceilMode": True, "divisorOverride": 2})
avg_case("negative divisorOverride", randn(1, 1, 4, 4, seed=41), {"kernelSize": 2, "divisorOverride": -2})
avg_case("3-D input [C, H, W]", randn(3, 5, 5, seed=42), {"kernelSize": 2, "stride": 1, "padding": 1})
avg_case("channels-last (permuted)", channels_last(2, 3, 5, 6, 43), {"kernelSize": 3, "stride": 2, "padding": 1})
avg_case("sliced with steps", Input(randn(2, 4, 10, 9, seed=44), [["slice", 1, 1, None, 2], ["slice", 3, 0, None, 3]]),
         {"kernelSize": 2, "stride": 1})
avg_case("expanded batch", Input(randn(1, 2, 4, 4, seed=45), [["expand", [3, 2, 4, 4]]]), {"kernelSize": 2})
avg_case("batch of 0", randn(0, 2, 4, 4, seed=46), {"kernelSize": 2})
avg_case("nan and inf", with_edge_values((1, 2, 4, 4), 47), {"kernelSize": 2})
avg_case("inf and -inf in one window", torch.tensor([[[[inf, -inf], [1.0, 2.0]]]]), {"kernelSize": 2})

x = randn(2, 3, 5, 5, seed=48)
avg_case("error: divisorOverride 0", x, {"kernelSize": 2, "divisorOverride": 0}, "ValueError")
avg_case("error: pad over half the kernel", x, {"kernelSize": 3, "padding": 2}, "ValueError")
avg_case("error: output too small", x, {"kernelSize": 7}, "ShapeError")
avg_case("error: 5-D input", randn(1, 2, 3, 5, 5, seed=49), {"kernelSize": 2}, "ShapeError")
avg_case("error: empty channel dim", randn(2, 0, 4, 5, seed=50), {"kernelSize": 2}, "ShapeError")
avg_case("error: stride 0", x, {"kernelSize": 2, "stride": 0}, "ValueError")
avg_case("error: negative padding", x, {"kernelSize": 2, "padding": -1}, "ValueError")
avg_case("error: bool input", x > 0, {"kernelSize": 2}, "DTypeError")

# ---- adaptiveAvgPool2d ----------------------------------------------------------------------------------------
adaptive_case("divides (8 -> 4)", randn(2, 3, 8, 8, seed=61), 4)
adaptive_case("does not divide (5 -> 3)", randn(2, 2, 5, 5, seed=62), 3)
adaptive_case("does not divide, rect (7x5 -> 4x2)", randn(1, 3, 7, 5, seed=63), [4, 2])
adaptive_case("larger than input (3 -> 5)", randn(1, 2, 3, 3, seed=64), 5)
adaptive_case("global (1)", randn(2, 4, 5, 6, seed=65), 1)
adaptive_case("null keeps the height", randn(1, 2, 5, 7, seed=66), [None, 3])
adaptive_case("null keeps the width", randn(1, 2, 5, 7, seed=66), [2, None])
adaptive_case("3-D input [C, H, W]", randn(3, 7, 6, seed=67), [3, 4])
adaptive_case("channels-last (permuted)", channels_last(2, 3, 7, 5, 68), [3, 2])
adaptive_case("sliced with steps", Input(randn(2, 6, 9, 9, seed=69), [["slice", 1, 0, None, 3], ["slice", 2, 0, None, 2]]),
              [2, 3])
adaptive_case("expanded", Input(randn(1, 2, 1, 5, seed=70), [["expand", [2, 2, 4, 5]]]), [3, 2])
adaptive_case("batch of 0", randn(0, 2, 4, 5, seed=71), 2)
adaptive_case("channels 0", randn(1, 0, 4, 5, seed=72), 2)
adaptive_case("output size 0", randn(1, 2, 4, 5, seed=73), 0)
adaptive_case("nan and inf", with_edge_values((1, 2, 4, 4), 74), 3)
adaptive_case("error: 2-D input", randn(5, 5, seed=75), 2, "ShapeError")
adaptive_case("error: 5-D input", randn(1, 2, 3, 5, 5, seed=76), 2, "ShapeError")
adaptive_case("error: empty height", randn(1, 2, 0, 5, seed=77), 2, "ShapeError")
adaptive_case("error: negative output size", randn(1, 2, 4, 5, seed=78), -1, "ValueError")
adaptive_case("error: 3 output sizes", randn(1, 2, 4, 5, seed=79), [2, 3, 4], "ValueError")
adaptive_case("error: int32 input", torch.arange(40, dtype=torch.int32).reshape(1, 2, 4, 5), 2, "DTypeError")

fx.save()
