"""Fixtures for the conv family: conv2d (torch.nn.functional.conv2d) with every option.

Outputs are compared with rtol 1e-4, atol 1e-5 (test/runners/conv.ts): each output is a sum of C/groups*kH*kW
products that @bn adds in float64 blocks and PyTorch in float32 in another order."""
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

fx.save()
