"""Fixtures for the pool family: maxPool2d, avgPool2d, adaptiveAvgPool2d (torch.nn.functional), their backwards
(the gradient of x by torch.autograd in float64, for a given gradOutput) and max pooling's double backward (the
gradient of that gradient with respect to gradOutput, for a given cotangent of x's shape)."""
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

# ---- the backwards: params exactly the primitives' (pairs, the stride resolved) -------------------------------


def pair(v):
    return list(v) if isinstance(v, (list, tuple)) else [v, v]


def max_params(kernel, stride=None, padding=0, dilation=1, ceil_mode=False):
    return {"kernelSize": pair(kernel), "stride": pair(stride or kernel), "padding": pair(padding),
            "dilation": pair(dilation), "ceilMode": ceil_mode}


def avg_params(kernel, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
    return {"kernelSize": pair(kernel), "stride": pair(stride or kernel), "padding": pair(padding),
            "ceilMode": ceil_mode, "countIncludePad": count_include_pad, "divisorOverride": divisor_override}


def max_forward(p):
    return lambda t: F.max_pool2d(t, p["kernelSize"], p["stride"], p["padding"], p["dilation"], p["ceilMode"])


def avg_forward(p):
    return lambda t: F.avg_pool2d(t, p["kernelSize"], p["stride"], p["padding"], p["ceilMode"], p["countIncludePad"],
                                  p["divisorOverride"])


def adaptive_forward(p):
    return lambda t: F.adaptive_avg_pool2d(t, p["outputSize"])


def input_gradient(forward, g, x):
    """The gradient of x for gradOutput g: torch.autograd through `forward` in float64, cast back to float32."""
    x = x.detach().double().requires_grad_()
    (gx,) = torch.autograd.grad(forward(x), x, g.double())
    return gx.float()


def backward_case(op, forward, name, x, params, seed, grad=None, error=None):
    """Records `op`, the backward of `forward(params)`, on [gradOutput, x]; gradOutput is random of the forward's
    output shape unless given (an Input, a tensor, or a shape)."""
    f = forward(params)
    if grad is None:
        grad = f((x.tensor if isinstance(x, Input) else x).double()).shape
    if isinstance(grad, (tuple, list, torch.Size)):
        grad = randn(*grad, seed=seed)
    fx.case(op, name, [grad, x], params, lambda g, t: input_gradient(f, g, t), error)


def max_backward(name, x, params, seed, grad=None, error=None):
    backward_case("maxPool2dBackward", max_forward, name, x, params, seed, grad, error)


def avg_backward(name, x, params, seed, grad=None, error=None):
    backward_case("avgPool2dBackward", avg_forward, name, x, params, seed, grad, error)


def adaptive_backward(name, x, output_size, seed, grad=None, error=None):
    backward_case("adaptiveAvgPool2dBackward", adaptive_forward, name, x, {"outputSize": output_size}, seed, grad,
                  error)


def small_ints(*shape, seed):
    """Values in {0, 1, 2} (float32): most windows hold several equal maxima."""
    torch.manual_seed(seed)
    return torch.randint(0, 3, shape).float()


def transposed_grad(n, c, oh, ow, seed):
    """A [n, c, oh, ow] gradOutput read through strides: the transpose of a contiguous [n, c, ow, oh] base."""
    return Input(randn(n, c, ow, oh, seed=seed), [["transpose", 2, 3]])


# ---- maxPool2dBackward ------------------------------------------------------------------------------------------
max_backward("k2", randn(2, 3, 6, 6, seed=101), max_params(2), 102)
max_backward("k3 s2 p1 (resnet stem)", randn(1, 2, 8, 8, seed=103), max_params(3, 2, 1), 104)
max_backward("ties: ones, overlapping windows (k2 s1): the first tap of each window", torch.ones(1, 2, 4, 5),
             max_params(2, 1), 105)
max_backward("ties: small integers, overlapping windows (k3 s1 p1)", small_ints(2, 2, 6, 6, seed=106),
             max_params(3, 1, 1), 107)
max_backward("ties: small integers, k3 s2 with padding and ceilMode", small_ints(1, 3, 7, 8, seed=108),
             max_params(3, 2, 1, ceil_mode=True), 109)
max_backward("ties: small integers, dilation 2 overlapping", small_ints(1, 2, 7, 7, seed=110),
             max_params(3, 1, 0, 2), 111)
x = with_edge_values((1, 2, 4, 4), 112)
x.view(-1)[1] = nan  # two nans in the first window: the last one scanned is picked
max_backward("nan in a window (the last nan wins), inf, -inf", x, max_params(2), 113)
max_backward("nan with overlapping windows (k3 s1)", with_edge_values((1, 1, 5, 5), 114), max_params(3, 1), 115)
max_backward("all -inf window: its first tap", torch.full((1, 1, 2, 4), -inf), max_params(2), 116)
max_backward("rect kernel, stride, padding", randn(1, 2, 7, 5, seed=117), max_params([3, 2], [2, 1], [1, 0]), 118)
max_backward("dilation [2, 1] padding 1", randn(2, 1, 8, 6, seed=119), max_params(3, [1, 2], 1, [2, 1]), 120)
max_backward("ceilMode k2 s2 on 5", randn(1, 1, 5, 5, seed=121), max_params(2, 2, ceil_mode=True), 122)
max_backward("ceilMode last window dropped (starts in right padding)", randn(1, 2, 5, 5, seed=123),
             max_params(2, 2, 1, ceil_mode=True), 124)
max_backward("ceilMode rect with dilation", randn(1, 2, 9, 8, seed=125),
             max_params([3, 2], [2, 3], [1, 1], [2, 1], ceil_mode=True), 126)
max_backward("3-D input [C, H, W]", randn(3, 5, 5, seed=127), max_params(2, 1), 128)
max_backward("channels-last x, transposed gradOutput", channels_last(2, 3, 5, 6, 129), max_params(2, 2, 1), None,
             transposed_grad(2, 3, 3, 4, 130))
max_backward("expanded gradOutput", randn(2, 2, 4, 4, seed=131), max_params(2), None,
             Input(randn(1, 2, 2, 2, seed=132), [["expand", [2, 2, 2, 2]]]))
max_backward("batch of 0", randn(0, 2, 4, 4, seed=133), max_params(2), 134)

params = max_params(3, 1, 2, 2)
x = randn(1, 2, 6, 6, seed=135)
fx.case("maxPool2dBackward", "pad up to half the effective (dilated) kernel", [randn(1, 2, 6, 6, seed=136), x],
        params, lambda g, t: input_gradient(lambda u: padded_max(u, 3, 2, 2), g, t))

x = randn(2, 3, 6, 6, seed=137)
max_backward("error: gradOutput of the wrong height", x, max_params(2), 138, (2, 3, 4, 3), "ShapeError")
max_backward("error: gradOutput of the wrong batch size", x, max_params(2), 139, (1, 3, 3, 3), "ShapeError")
max_backward("error: gradOutput with the wrong channels", x, max_params(2), 140, (2, 2, 3, 3), "ShapeError")
max_backward("error: 3-D gradOutput for a 4-D input", x, max_params(2), 141, (3, 3, 3), "ShapeError")
max_backward("error: pad over half the kernel", x, max_params(3, 1, 2), 142, (2, 3, 8, 8), "ValueError")

# ---- avgPool2dBackward ------------------------------------------------------------------------------------------
avg_backward("k2", randn(2, 3, 6, 6, seed=151), avg_params(2), 152)
avg_backward("k3 s1 p1 (overlapping windows)", randn(2, 2, 5, 5, seed=153), avg_params(3, 1, 1), 154)
avg_backward("k3 s2 p1 countIncludePad", randn(1, 2, 7, 6, seed=155), avg_params(3, 2, 1), 156)
avg_backward("k3 s1 p1 countIncludePad false", randn(1, 2, 7, 6, seed=157),
             avg_params(3, 1, 1, count_include_pad=False), 158)
avg_backward("rect kernel", randn(2, 1, 6, 7, seed=159), avg_params([2, 3], [1, 2], [1, 1]), 160)
avg_backward("ceilMode k2 s2 on 5", randn(1, 2, 5, 5, seed=161), avg_params(2, 2, ceil_mode=True), 162)
avg_backward("ceilMode p1 countIncludePad", randn(1, 2, 5, 6, seed=163), avg_params(3, 2, 1, ceil_mode=True), 164)
avg_backward("ceilMode p1 countIncludePad false", randn(1, 2, 5, 6, seed=165),
             avg_params(3, 2, 1, ceil_mode=True, count_include_pad=False), 166)
avg_backward("ceilMode k3 s3 on 7 (window past the end)", randn(1, 2, 7, 7, seed=167),
             avg_params(3, 3, ceil_mode=True), 168)
avg_backward("ceilMode k3 s3 on 7 countIncludePad false", randn(1, 2, 7, 7, seed=169),
             avg_params(3, 3, ceil_mode=True, count_include_pad=False), 170)
avg_backward("divisorOverride", randn(2, 2, 4, 4, seed=171), avg_params(2, divisor_override=3), 172)
avg_backward("divisorOverride with padding, overlap and ceilMode", randn(1, 2, 5, 5, seed=173),
             avg_params(3, 2, 1, ceil_mode=True, divisor_override=2), 174)
avg_backward("negative divisorOverride", randn(1, 1, 4, 4, seed=175), avg_params(2, divisor_override=-2), 176)
avg_backward("3-D input [C, H, W]", randn(3, 5, 5, seed=177), avg_params(2, 1, 1), 178)
avg_backward("channels-last x, transposed gradOutput", channels_last(2, 3, 5, 6, 179), avg_params(3, 2, 1), None,
             transposed_grad(2, 3, 3, 3, 180))
avg_backward("expanded gradOutput", randn(2, 2, 4, 4, seed=181), avg_params(2), None,
             Input(randn(1, 2, 2, 2, seed=182), [["expand", [2, 2, 2, 2]]]))
avg_backward("batch of 0", randn(0, 2, 4, 4, seed=183), avg_params(2), 184)
avg_backward("nan and inf in gradOutput", randn(1, 2, 4, 4, seed=185), avg_params(3, 1, 1), None,
             with_edge_values((1, 2, 4, 4), 186))

x = randn(2, 3, 5, 5, seed=187)
avg_backward("error: gradOutput of the wrong width", x, avg_params(2), 188, (2, 3, 2, 3), "ShapeError")
avg_backward("error: gradOutput of the wrong batch size", x, avg_params(2), 189, (3, 3, 2, 2), "ShapeError")
avg_backward("error: divisorOverride 0", x, avg_params(2, divisor_override=0), 190, (2, 3, 2, 2), "ValueError")

# ---- adaptiveAvgPool2dBackward ----------------------------------------------------------------------------------
adaptive_backward("divides (8 -> 4)", randn(2, 3, 8, 8, seed=201), [4, 4], 202)
adaptive_backward("does not divide (5 -> 3, overlapping windows)", randn(2, 2, 5, 5, seed=203), [3, 3], 204)
adaptive_backward("does not divide, rect (7x5 -> 4x2)", randn(1, 3, 7, 5, seed=205), [4, 2], 206)
adaptive_backward("larger than input (3 -> 5)", randn(1, 2, 3, 3, seed=207), [5, 5], 208)
adaptive_backward("global (1)", randn(2, 4, 5, 6, seed=209), [1, 1], 210)
adaptive_backward("3-D input [C, H, W]", randn(3, 7, 6, seed=211), [3, 4], 212)
adaptive_backward("channels-last x, transposed gradOutput", channels_last(2, 3, 7, 5, 213), [3, 2], None,
                  transposed_grad(2, 3, 3, 2, 214))
adaptive_backward("batch of 0", randn(0, 2, 4, 5, seed=215), [2, 2], 216)
adaptive_backward("error: output size 0 (PyTorch refuses an empty gradOutput)", randn(1, 2, 4, 5, seed=217), [0, 2],
                  218, None, "ShapeError")
adaptive_backward("error: no channels", randn(1, 0, 4, 5, seed=223), [2, 2], 224, None, "ShapeError")

x = randn(1, 2, 7, 5, seed=219)
adaptive_backward("error: gradOutput of the wrong size", x, [3, 2], 220, (1, 2, 2, 3), "ShapeError")
adaptive_backward("error: gradOutput with the wrong channels", x, [3, 2], 221, (1, 3, 3, 2), "ShapeError")
adaptive_backward("error: negative output size", x, [-1, 2], 222, (1, 2, 1, 2), "ValueError")

# ---- maxPool2dDoubleBackward: [source, x], max pooling's params; source at each window's max ----------------------


def double_backward(forward, c, x):
    """ATen's max_pool_double_backward by torch.autograd in float64: gx = grad of forward(x) for a gradOutput g (made
    with create_graph), then the gradient of gx with respect to g for the cotangent c of x's shape."""
    x = x.detach().double().requires_grad_()
    y = forward(x)
    g = torch.zeros_like(y).requires_grad_()
    (gx,) = torch.autograd.grad(y, x, g, create_graph=True)
    (gg,) = torch.autograd.grad(gx, g, c.double())
    return gg.float()


def max_double_backward(name, x, params, seed, source=None, error=None):
    """Records maxPool2dDoubleBackward on [source, x]; source is random of x's shape unless given (an Input, a tensor,
    or a shape)."""
    f = max_forward(params)
    if source is None:
        source = (x.tensor if isinstance(x, Input) else x).shape
    if isinstance(source, (tuple, list, torch.Size)):
        source = randn(*source, seed=seed)
    fx.case("maxPool2dDoubleBackward", name, [source, x], params, lambda c, t: double_backward(f, c, t), error)


max_double_backward("k2", randn(2, 3, 6, 6, seed=301), max_params(2), 302)
max_double_backward("k3 s2 p1 (resnet stem)", randn(1, 2, 8, 8, seed=303), max_params(3, 2, 1), 304)
max_double_backward("ties: ones, overlapping windows (k2 s1): the first tap of each window", torch.ones(1, 2, 4, 5),
                    max_params(2, 1), 305)
max_double_backward("ties: small integers, overlapping windows (k3 s1 p1)", small_ints(2, 2, 6, 6, seed=306),
                    max_params(3, 1, 1), 307)
max_double_backward("ties: small integers, k3 s2 with padding and ceilMode", small_ints(1, 3, 7, 8, seed=308),
                    max_params(3, 2, 1, ceil_mode=True), 309)
max_double_backward("ties: small integers, dilation 2 overlapping", small_ints(1, 2, 7, 7, seed=310),
                    max_params(3, 1, 0, 2), 311)
x = with_edge_values((1, 2, 4, 4), 312)
x.view(-1)[1] = nan  # two nans in the first window: the last one scanned is picked
max_double_backward("nan in a window (the last nan wins), inf, -inf", x, max_params(2), 313)
max_double_backward("nan with overlapping windows (k3 s1)", with_edge_values((1, 1, 5, 5), 314), max_params(3, 1),
                    315)
max_double_backward("all -inf window: its first tap", torch.full((1, 1, 2, 4), -inf), max_params(2), 316)
max_double_backward("nan and inf in source", randn(1, 2, 4, 4, seed=317), max_params(3, 1, 1), None,
                    with_edge_values((1, 2, 4, 4), 318))
max_double_backward("rect kernel, stride, padding", randn(1, 2, 7, 5, seed=319), max_params([3, 2], [2, 1], [1, 0]),
                    320)
max_double_backward("dilation [2, 1] padding 1", randn(2, 1, 8, 6, seed=321), max_params(3, [1, 2], 1, [2, 1]), 322)
max_double_backward("ceilMode k2 s2 on 5", randn(1, 1, 5, 5, seed=323), max_params(2, 2, ceil_mode=True), 324)
max_double_backward("ceilMode last window dropped (starts in right padding)", randn(1, 2, 5, 5, seed=325),
                    max_params(2, 2, 1, ceil_mode=True), 326)
max_double_backward("ceilMode k3 s3 on 7 (one-column last window)", randn(1, 2, 7, 7, seed=327),
                    max_params(3, 3, ceil_mode=True), 328)
max_double_backward("ceilMode rect with dilation", randn(1, 2, 9, 8, seed=329),
                    max_params([3, 2], [2, 3], [1, 1], [2, 1], ceil_mode=True), 330)
max_double_backward("3-D input [C, H, W]", randn(3, 5, 5, seed=331), max_params(2, 1), 332)
max_double_backward("3-D input with ties", small_ints(2, 5, 6, seed=333), max_params(3, 2, 1), 334)
max_double_backward("channels-last x and source", channels_last(2, 3, 5, 6, 335), max_params(2, 2, 1), None,
                    channels_last(2, 3, 5, 6, 336))
max_double_backward("transposed source", randn(2, 2, 5, 4, seed=337), max_params(3, 1, 1), None,
                    Input(randn(2, 2, 4, 5, seed=338), [["transpose", 2, 3]]))
max_double_backward("sliced x with steps, expanded source", Input(randn(2, 4, 10, 9, seed=339),
                                                                   [["slice", 1, 0, None, 2], ["slice", 2, 1, None, 2]]),
                    max_params(2), None, Input(randn(1, 2, 5, 9, seed=340), [["expand", [2, 2, 5, 9]]]))
max_double_backward("expanded x (a batch of equal images)", Input(randn(1, 2, 4, 4, seed=341),
                                                                 [["expand", [3, 2, 4, 4]]]), max_params(3, 1), 342)
max_double_backward("batch of 0", randn(0, 2, 4, 4, seed=343), max_params(2), 344)

params = max_params(3, 1, 2, 2)
fx.case("maxPool2dDoubleBackward", "pad up to half the effective (dilated) kernel",
        [randn(1, 2, 6, 6, seed=345), randn(1, 2, 6, 6, seed=346)], params,
        lambda c, t: double_backward(lambda u: padded_max(u, 3, 2, 2), c, t))

x = randn(2, 3, 6, 6, seed=347)
max_double_backward("error: source of the output's shape", x, max_params(2), 348, (2, 3, 3, 3), "ShapeError")
max_double_backward("error: source of the wrong width", x, max_params(2), 349, (2, 3, 6, 5), "ShapeError")
max_double_backward("error: source of the wrong batch size", x, max_params(2), 350, (1, 3, 6, 6), "ShapeError")
max_double_backward("error: 3-D source for a 4-D input", x, max_params(2), 351, (3, 6, 6), "ShapeError")
max_double_backward("error: pad over half the kernel", x, max_params(3, 1, 2), 352, None, "ValueError")

fx.save()
