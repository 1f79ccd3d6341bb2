"""Fixtures for the conv family: conv2d (torch.nn.functional.conv2d) with every option, and its input and weight
gradients (conv2dBackwardInput, conv2dBackwardWeight: the two outputs of ATen's convolution_backward) over the same
geometries, computed in float64 with torch.autograd.grad and written as float32.

Outputs are compared with rtol 1e-4, atol 1e-5 (test/runners/conv.ts): each output is a sum of C/groups*kH*kW
products (a gradient: of O/groups*kH*kW or N*oH*oW products) that @bn adds in float64 blocks or in float32 in another
order, and PyTorch in float32 (conv2d) or float64 (the gradients)."""
import torch
import torch.nn.functional as F

from common import Fixture, Input, randn

fx = Fixture("conv")
nan, inf = float("nan"), float("inf")


def case(name, x, w, b=None, error=None, **params):
    fx.case("conv2d", name, [x, w, b], params, lambda x, w, b: F.conv2d(x, w, b, **params), error)


# ---- basics ---------------------------------------------------------------------------------------------------
case("3x3 no bias", randn(2, 3, 6, 6, seed=1), randn(4, 3, 3, 3, seed=2))
case("3x3 with bias", randn(2, 3, 6, 6, seed=3), randn(4, 3, 3, 3, seed=4), randn(4, seed=5))
case("non-square kernel and input", randn(1, 2, 7, 9, seed=6), randn(3, 2, 3, 5, seed=7), randn(3, seed=8))
case("kernel as large as the input", randn(2, 2, 3, 4, seed=9), randn(5, 2, 3, 4, seed=10))
case("larger: 8->16 channels, 10x10 (packed GEMM)", randn(1, 8, 10, 10, seed=11), randn(16, 8, 3, 3, seed=12),
     randn(16, seed=13), padding=1)

# ---- stride ---------------------------------------------------------------------------------------------------
case("stride 2", randn(1, 3, 7, 7, seed=20), randn(2, 3, 3, 3, seed=21), stride=2)
case("stride [2, 1]", randn(1, 3, 7, 6, seed=22), randn(2, 3, 3, 2, seed=23), randn(2, seed=24), stride=[2, 1])
case("stride [3] (one value for both)", randn(1, 2, 8, 8, seed=25), randn(2, 2, 2, 2, seed=26), stride=[3])

# ---- padding --------------------------------------------------------------------------------------------------
case("padding 1", randn(2, 2, 5, 5, seed=30), randn(3, 2, 3, 3, seed=31), randn(3, seed=32), padding=1)
case("padding [1, 2]", randn(1, 2, 5, 4, seed=33), randn(3, 2, 3, 3, seed=34), padding=[1, 2])
case("padding larger than the kernel", randn(1, 1, 3, 3, seed=35), randn(2, 1, 2, 2, seed=36), padding=3)
case("padding 'valid'", randn(1, 2, 6, 5, seed=37), randn(2, 2, 3, 3, seed=38), padding="valid")
case("padding 'same' odd kernel", randn(2, 2, 5, 6, seed=39), randn(3, 2, 3, 3, seed=40), randn(3, seed=41),
     padding="same")
case("padding 'same' even kernel (extra at bottom/right)", randn(1, 2, 5, 5, seed=42), randn(3, 2, 2, 4, seed=43),
     padding="same")
case("padding 'same' with dilation", randn(1, 2, 7, 7, seed=44), randn(2, 2, 3, 2, seed=45), padding="same",
     dilation=[2, 3])
case("padding 'same' stride [1, 1]", randn(1, 1, 4, 4, seed=46), randn(1, 1, 3, 3, seed=47), padding="same",
     stride=[1, 1])
case("stride 2 padding 1 (resnet downsample)", randn(1, 4, 8, 8, seed=48), randn(4, 4, 3, 3, seed=49), stride=2,
     padding=1)

# ---- dilation -------------------------------------------------------------------------------------------------
case("dilation 2", randn(1, 2, 8, 8, seed=50), randn(3, 2, 3, 3, seed=51), dilation=2)
case("dilation [2, 1] stride 2 padding [2, 1]", randn(2, 2, 9, 7, seed=52), randn(3, 2, 3, 3, seed=53),
     randn(3, seed=54), dilation=[2, 1], stride=2, padding=[2, 1])

# ---- groups ---------------------------------------------------------------------------------------------------
case("groups 2", randn(2, 4, 5, 5, seed=60), randn(6, 2, 3, 3, seed=61), randn(6, seed=62), groups=2)
case("groups 3 with padding and stride", randn(1, 6, 7, 7, seed=63), randn(3, 2, 3, 3, seed=64), groups=3,
     padding=1, stride=2)
case("depthwise", randn(2, 4, 6, 6, seed=65), randn(4, 1, 3, 3, seed=66), randn(4, seed=67), groups=4, padding=1)
case("depthwise multiplier 2", randn(1, 3, 5, 5, seed=68), randn(6, 1, 3, 3, seed=69), groups=3)

# ---- 1x1 ------------------------------------------------------------------------------------------------------
case("1x1 (straight to GEMM)", randn(2, 8, 5, 6, seed=70), randn(12, 8, 1, 1, seed=71), randn(12, seed=72))
case("1x1 channels-last input (no copy)", Input(randn(2, 5, 6, 8, seed=73), [["permute", [0, 3, 1, 2]]]),
     randn(12, 8, 1, 1, seed=74))
case("1x1 spatially sliced input (im2col)", Input(randn(1, 3, 6, 8, seed=75), [["slice", 3, 0, 8, 2]]),
     randn(4, 3, 1, 1, seed=76))
case("1x1 width-1 column of a wider input", Input(randn(1, 3, 6, 2, seed=77), [["slice", 3, 1, 2, 1]]),
     randn(4, 3, 1, 1, seed=78))
case("1x1 stride 2", randn(1, 3, 7, 7, seed=79), randn(4, 3, 1, 1, seed=80), stride=2)
case("1x1 padding 1", randn(1, 3, 4, 4, seed=81), randn(2, 3, 1, 1, seed=82), randn(2, seed=83), padding=1)
case("1x1 groups 2", randn(1, 4, 3, 3, seed=84), randn(6, 2, 1, 1, seed=85), groups=2)

# ---- unbatched and non-contiguous -----------------------------------------------------------------------------
case("unbatched 3-D input", randn(3, 6, 5, seed=90), randn(4, 3, 3, 3, seed=91), randn(4, seed=92), padding=1)
case("unbatched 1x1", randn(3, 4, 4, seed=93), randn(2, 3, 1, 1, seed=94))
case("permuted input (H and W swapped)", Input(randn(2, 3, 7, 6, seed=95), [["transpose", 2, 3]]),
     randn(4, 3, 3, 3, seed=96))
case("input sliced with steps", Input(randn(2, 6, 9, 9, seed=97), [["slice", 1, 0, 6, 2], ["slice", 2, 1, 9, 2]]),
     randn(2, 3, 2, 3, seed=98), padding=1)
case("expanded batch input", Input(randn(1, 2, 5, 5, seed=99), [["expand", [3, 2, 5, 5]]]),
     randn(2, 2, 3, 3, seed=100))
case("transposed weight, strided bias", randn(1, 3, 5, 5, seed=101),
     Input(randn(3, 4, 3, 3, seed=102), [["transpose", 0, 1]]),
     Input(randn(8, seed=103), [["slice", 0, 0, 8, 2]]))

# ---- size-0 dims and edge values ------------------------------------------------------------------------------
case("empty batch", randn(0, 3, 5, 5, seed=110), randn(2, 3, 3, 3, seed=111))
case("zero-height input in an empty batch, padded", randn(0, 2, 0, 4, seed=115), randn(2, 2, 1, 3, seed=116),
     padding=1)
edge = randn(1, 2, 5, 5, seed=117)
edge[0, 0, 1, 1] = nan
edge[0, 1, 3, 3] = inf
case("nan and inf spread to their windows", edge, randn(2, 2, 2, 2, seed=118).abs() + 0.1)

# ---- errors ---------------------------------------------------------------------------------------------------
case("2-D input", randn(5, 5, seed=120), randn(3, 4, 3, 3, seed=121), error="ShapeError")
case("5-D input", randn(1, 1, 4, 5, 5, seed=122), randn(3, 4, 3, 3, seed=123), error="ShapeError")
case("3-D weight", randn(1, 4, 5, 5, seed=124), randn(3, 4, 3, seed=125), error="ShapeError")
case("channels mismatch", randn(1, 4, 5, 5, seed=126), randn(3, 3, 3, 3, seed=127), error="ShapeError")
case("channels mismatch with groups", randn(1, 4, 5, 5, seed=128), randn(3, 2, 3, 3, seed=129), groups=3,
     error="ShapeError")
case("out channels not divisible by groups", randn(1, 6, 5, 5, seed=130), randn(4, 2, 3, 3, seed=131), groups=3,
     error="ShapeError")
case("zero out channels", randn(1, 4, 5, 5, seed=132), randn(0, 4, 3, 3, seed=133), error="ShapeError")
case("bias of the wrong size", randn(1, 4, 5, 5, seed=134), randn(3, 4, 3, 3, seed=135), randn(4, seed=136),
     error="ShapeError")
case("2-D bias", randn(1, 4, 5, 5, seed=137), randn(3, 4, 3, 3, seed=138), randn(3, 1, seed=139), error="ShapeError")
case("kernel larger than the padded input", randn(1, 4, 2, 2, seed=140), randn(3, 4, 3, 3, seed=141),
     error="ShapeError")
case("dilated kernel larger than the input", randn(1, 1, 4, 4, seed=142), randn(1, 1, 3, 3, seed=143), dilation=2,
     error="ShapeError")
case("zero-height input", randn(1, 2, 0, 4, seed=112), randn(2, 2, 1, 3, seed=113), padding=1, error="ShapeError")
case("padding 'same' with stride 2", randn(1, 4, 5, 5, seed=144), randn(3, 4, 3, 3, seed=145), padding="same",
     stride=2, error="ValueError")
case("invalid padding string", randn(1, 4, 5, 5, seed=146), randn(3, 4, 3, 3, seed=147), padding="foo",
     error="ValueError")
case("negative padding", randn(1, 4, 5, 5, seed=148), randn(3, 4, 3, 3, seed=149), padding=-1, error="ValueError")
case("stride 0", randn(1, 4, 5, 5, seed=150), randn(3, 4, 3, 3, seed=151), stride=0, error="ValueError")
case("dilation 0", randn(1, 4, 5, 5, seed=152), randn(3, 4, 3, 3, seed=153), dilation=0, error="ValueError")
case("groups 0", randn(1, 4, 5, 5, seed=154), randn(3, 4, 3, 3, seed=155), groups=0, error="ValueError")
case("stride of 3 values", randn(1, 4, 5, 5, seed=156), randn(3, 4, 3, 3, seed=157), stride=[1, 2, 3],
     error="ValueError")
case("padding of 3 values", randn(1, 4, 5, 5, seed=158), randn(3, 4, 3, 3, seed=159), padding=[1, 2, 3],
     error="ValueError")
case("int input, float weight", torch.ones(1, 4, 5, 5, dtype=torch.int64), randn(3, 4, 3, 3, seed=160),
     error="DTypeError")


# ---- gradients: conv2dBackwardInput and conv2dBackwardWeight ------------------------------------------------------


def grads(go, x, w, stride=1, padding=0, dilation=1, groups=1):
    """conv2d's input and weight gradients for output gradient `go`, in float64 (torch.autograd.grad), as float32.
    `padding` is conv2d's option or [[top, bottom], [left, right]], which F.pad applies before an unpadded conv2d."""
    x64 = x.detach().double().requires_grad_()
    w64 = w.detach().double().requires_grad_()
    if isinstance(padding, list) and all(isinstance(p, list) for p in padding):
        (top, bottom), (left, right) = padding
        y = F.conv2d(F.pad(x64, (left, right, top, bottom)), w64, None, stride, 0, dilation, groups)
    else:
        y = F.conv2d(x64, w64, None, stride, padding, dilation, groups)
    gx, gw = torch.autograd.grad(y, (x64, w64), go.double())
    return gx.float(), gw.float()


def output_size(x, w, stride=1, padding=0, dilation=1, groups=1):
    """The shape of conv2d's output (and of its gradient), from a float64 run on zeros."""
    zeros = lambda t: torch.zeros(t.shape, dtype=torch.float64)
    if isinstance(padding, list) and all(isinstance(p, list) for p in padding):
        (top, bottom), (left, right) = padding
        return F.conv2d(F.pad(zeros(x), (left, right, top, bottom)), zeros(w), None, stride, 0, dilation, groups).shape
    return F.conv2d(zeros(x), zeros(w), None, stride, padding, dilation, groups).shape


def tensor_of(t):
    return t.tensor if isinstance(t, Input) else t


def grad_cases(name, x, w, seed, go=None, **params):
    """Both gradients of conv2d(x, w, **params) for an output gradient `go` (randn of the output's shape by
    default): conv2dBackwardInput(go, w) and conv2dBackwardWeight(go, x)."""
    if go is None:
        go = randn(*output_size(tensor_of(x), tensor_of(w), **params), seed=seed)
    xt, wt = tensor_of(x), tensor_of(w)
    fx.case("conv2dBackwardInput", name, [go, w], {**params, "inputSize": list(xt.shape[-2:])},
            lambda go, w: grads(go, xt, w, **params)[0])
    fx.case("conv2dBackwardWeight", name, [go, x], {**params, "kernelSize": list(wt.shape[-2:])},
            lambda go, x: grads(go, x, wt, **params)[1])


grad_cases("3x3, a batch of 2", randn(2, 3, 6, 6, seed=200), randn(4, 3, 3, 3, seed=201), 202)
grad_cases("non-square kernel and input", randn(1, 2, 7, 9, seed=203), randn(3, 2, 3, 5, seed=204), 205)
grad_cases("larger: 8->16 channels, 10x10, padding 1", randn(1, 8, 10, 10, seed=206), randn(16, 8, 3, 3, seed=207),
           208, padding=1)
grad_cases("stride 2", randn(1, 3, 7, 7, seed=209), randn(2, 3, 3, 3, seed=210), 211, stride=2)
grad_cases("stride [2, 1]", randn(2, 3, 7, 6, seed=212), randn(2, 3, 3, 2, seed=213), 214, stride=[2, 1])
grad_cases("stride 3 never reads the last rows and columns", randn(2, 2, 8, 9, seed=215), randn(3, 2, 3, 3, seed=216),
           217, stride=3)
grad_cases("stride 2 padding 1 (resnet downsample)", randn(2, 4, 8, 8, seed=218), randn(4, 4, 3, 3, seed=219), 220,
           stride=2, padding=1)
grad_cases("padding [1, 2]", randn(1, 2, 5, 4, seed=221), randn(3, 2, 3, 3, seed=222), 223, padding=[1, 2])
grad_cases("padding larger than the kernel", randn(1, 1, 3, 3, seed=224), randn(2, 1, 2, 2, seed=225), 226, padding=3)
grad_cases("padding 'valid'", randn(1, 2, 6, 5, seed=227), randn(2, 2, 3, 3, seed=228), 229, padding="valid")
grad_cases("padding 'same' even kernel (extra at bottom/right)", randn(2, 2, 5, 5, seed=230),
           randn(3, 2, 2, 4, seed=231), 232, padding="same")
grad_cases("asymmetric padding [[2, 0], [0, 1]]", randn(2, 2, 6, 5, seed=233), randn(3, 2, 3, 2, seed=234), 235,
           padding=[[2, 0], [0, 1]])
grad_cases("asymmetric padding, stride 2 and dilation", randn(1, 3, 9, 8, seed=236), randn(2, 3, 3, 3, seed=237),
           238, padding=[[0, 3], [2, 1]], stride=2, dilation=[1, 2])
grad_cases("dilation 2", randn(1, 2, 8, 8, seed=239), randn(3, 2, 3, 3, seed=240), 241, dilation=2)
grad_cases("dilation [2, 1] stride 2 padding [2, 1]", randn(2, 2, 9, 7, seed=242), randn(3, 2, 3, 3, seed=243), 244,
           dilation=[2, 1], stride=2, padding=[2, 1])
grad_cases("groups 2", randn(2, 4, 5, 5, seed=245), randn(6, 2, 3, 3, seed=246), 247, groups=2)
grad_cases("groups 3 with padding and stride", randn(1, 6, 7, 7, seed=248), randn(3, 2, 3, 3, seed=249), 250,
           groups=3, padding=1, stride=2)
grad_cases("depthwise", randn(2, 4, 6, 6, seed=251), randn(4, 1, 3, 3, seed=252), 253, groups=4, padding=1)
grad_cases("depthwise stride 2", randn(2, 4, 7, 7, seed=254), randn(4, 1, 3, 3, seed=255), 256, groups=4, padding=1,
           stride=2)
grad_cases("depthwise multiplier 2", randn(1, 3, 5, 5, seed=257), randn(6, 1, 3, 3, seed=258), 259, groups=3)
grad_cases("1x1", randn(2, 8, 5, 6, seed=260), randn(12, 8, 1, 1, seed=261), 262)
grad_cases("1x1 stride 2", randn(2, 3, 7, 7, seed=263), randn(4, 3, 1, 1, seed=264), 265, stride=2)
grad_cases("1x1 padding 1", randn(1, 3, 4, 4, seed=266), randn(2, 3, 1, 1, seed=267), 268, padding=1)
grad_cases("unbatched", randn(3, 6, 5, seed=269), randn(4, 3, 3, 3, seed=270), 271, padding=1)
grad_cases("unbatched, stride 2 and groups", randn(4, 7, 6, seed=272), randn(4, 2, 3, 3, seed=273), 274, stride=2,
           groups=2)
grad_cases("channels-last gradOutput and input",
           Input(randn(2, 6, 5, 3, seed=275), [["permute", [0, 3, 1, 2]]]), randn(4, 3, 3, 3, seed=276), 0,
           go=Input(randn(2, 6, 5, 4, seed=277), [["permute", [0, 3, 1, 2]]]), padding=1)
grad_cases("input sliced with steps, transposed weight",
           Input(randn(2, 6, 9, 9, seed=278), [["slice", 1, 0, 6, 2], ["slice", 2, 1, 9, 2]]),
           Input(randn(3, 2, 2, 3, seed=279), [["transpose", 0, 1]]), 280, padding=1)
grad_cases("expanded batch input and gradOutput", Input(randn(1, 2, 5, 5, seed=281), [["expand", [3, 2, 5, 5]]]),
           randn(2, 2, 3, 3, seed=282), 0, go=Input(randn(1, 2, 3, 3, seed=283), [["expand", [3, 2, 3, 3]]]))
grad_cases("empty batch", randn(0, 3, 5, 5, seed=284), randn(2, 3, 3, 3, seed=285), 286)
grad_cases("empty batch, stride 2", randn(0, 3, 5, 5, seed=287), randn(2, 3, 3, 3, seed=288), 289, stride=2)


def grad_error(op, name, go, other, error, inputSize=None, kernelSize=None, weight=None, x=None, **params):
    """A case where PyTorch's convolution_backward raises: the input (or weight) it needs is `x` (`weight`), or
    zeros of the size @bn is given."""
    full = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, **params}
    as_list = lambda v: [v, v] if isinstance(v, int) else v

    def fn(go, other):
        inp = x if x is not None else other if op == "conv2dBackwardWeight" else \
            torch.zeros(*go.shape[:-3], other.shape[1] * full["groups"], *inputSize)
        wt = weight if weight is not None else other if op == "conv2dBackwardInput" else \
            torch.zeros(go.shape[-3], other.shape[-3] // full["groups"], *kernelSize)
        mask = [op == "conv2dBackwardInput", op == "conv2dBackwardWeight", False]
        return torch.ops.aten.convolution_backward(go, inp, wt, None, as_list(full["stride"]), as_list(full["padding"]),
                                                   as_list(full["dilation"]), False, [0, 0], full["groups"], mask)
    size = {"inputSize": inputSize} if op == "conv2dBackwardInput" else {"kernelSize": kernelSize}
    fx.case(op, name, [go, other], {**params, **size}, fn, error)


def input_error(name, go, w, error, inputSize=(6, 6), **params):
    grad_error("conv2dBackwardInput", name, go, w, error, inputSize=list(inputSize), **params)


def weight_error(name, go, x, error, kernelSize=(3, 3), **params):
    grad_error("conv2dBackwardWeight", name, go, x, error, kernelSize=list(kernelSize), **params)


input_error("gradOutput of the wrong size", randn(1, 4, 5, 5, seed=300), randn(4, 3, 3, 3, seed=301), "ShapeError")
input_error("gradOutput of the wrong channels", randn(1, 5, 4, 4, seed=302), randn(4, 3, 3, 3, seed=303),
            "ShapeError")
input_error("2-D gradOutput", randn(4, 4, seed=304), randn(4, 3, 3, 3, seed=305), "ShapeError",
            x=torch.zeros(3, 6, 6))
input_error("3-D weight", randn(1, 4, 4, 4, seed=306), randn(4, 3, 3, seed=307), "ShapeError",
            x=torch.zeros(1, 3, 6, 6))
input_error("out channels not divisible by groups", randn(1, 4, 4, 4, seed=308), randn(4, 1, 3, 3, seed=309),
            "ShapeError", groups=3)
input_error("inputSize smaller than the kernel", randn(1, 4, 1, 1, seed=310), randn(4, 3, 3, 3, seed=311),
            "ShapeError", inputSize=(2, 2))
input_error("int gradOutput", torch.ones(1, 4, 4, 4, dtype=torch.int64), randn(4, 3, 3, 3, seed=312), "DTypeError")
input_error("stride 0", randn(1, 4, 4, 4, seed=313), randn(4, 3, 3, 3, seed=314), "ValueError", stride=0)
input_error("negative padding", randn(1, 4, 4, 4, seed=315), randn(4, 3, 3, 3, seed=316), "ValueError", padding=-1)
weight_error("gradOutput of the wrong size", randn(1, 4, 5, 5, seed=320), randn(1, 3, 6, 6, seed=321), "ShapeError")
weight_error("input channels not divisible by groups", randn(1, 4, 4, 4, seed=322), randn(1, 3, 6, 6, seed=323),
             "ShapeError", groups=2, weight=torch.zeros(4, 1, 3, 3))
weight_error("gradOutput and input of different ranks", randn(4, 4, 4, seed=324), randn(1, 3, 6, 6, seed=325),
             "ShapeError")
weight_error("kernelSize 0", randn(1, 4, 6, 4, seed=326), randn(1, 3, 6, 6, seed=327), "ValueError",
             kernelSize=(0, 3))
weight_error("zero-height input", randn(1, 4, 0, 4, seed=328), randn(1, 3, 0, 6, seed=329), "ShapeError",
             kernelSize=(1, 3))
weight_error("int input", randn(1, 4, 4, 4, seed=330), torch.ones(1, 3, 6, 6, dtype=torch.int64), "DTypeError")
weight_error("dilation 0", randn(1, 4, 4, 4, seed=331), randn(1, 3, 6, 6, seed=332), "ValueError", dilation=0)

fx.save()
