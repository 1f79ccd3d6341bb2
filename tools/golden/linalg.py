"""Fixtures for the linalg family: matmul (torch.matmul) and linear (torch.nn.functional.linear).

Outputs are compared with rtol 1e-4, atol 1e-5 (test/runners/linalg.ts): @bn sums in float64 blocks, PyTorch in
float32 with its own order, so dot products of a few dozen terms differ in the last bits."""
import torch
import torch.nn.functional as F

from common import Fixture, Input, randn

fx = Fixture("linalg")
nan, inf = float("nan"), float("inf")


def mm_case(name, a, b, error=None):
    fx.case("matmul", name, [a, b], {}, torch.matmul, error)


def linear_case(name, x, w, b=None, error=None):
    fx.case("linear", name, [x, w, b], {}, lambda x, w, b: F.linear(x, w, b), error)


# ---- matmul: every rank combination ---------------------------------------------------------------------------
mm_case("1-D @ 1-D (dot)", randn(5, seed=1), randn(5, seed=2))
mm_case("1-D @ 2-D", randn(3, seed=3), randn(3, 4, seed=4))
mm_case("2-D @ 1-D", randn(4, 3, seed=5), randn(3, seed=6))
mm_case("2-D @ 2-D", randn(2, 3, seed=7), randn(3, 4, seed=8))
mm_case("1-D @ 3-D", randn(4, seed=9), randn(2, 4, 5, seed=10))
mm_case("3-D @ 1-D", randn(2, 4, 3, seed=11), randn(3, seed=12))
mm_case("3-D @ 2-D (batch folded into rows)", randn(2, 3, 4, seed=13), randn(4, 5, seed=14))
mm_case("2-D @ 3-D", randn(3, 4, seed=15), randn(2, 4, 5, seed=16))
mm_case("3-D @ 3-D", randn(2, 3, 4, seed=17), randn(2, 4, 5, seed=18))
mm_case("4-D @ 4-D", randn(2, 3, 2, 4, seed=19), randn(2, 3, 4, 3, seed=20))
mm_case("4-D @ 1-D", randn(2, 2, 3, 4, seed=21), randn(4, seed=22))
mm_case("1-D @ 4-D", randn(3, seed=23), randn(2, 2, 3, 4, seed=24))
mm_case("4-D @ 2-D", randn(2, 2, 3, 4, seed=25), randn(4, 2, seed=26))
mm_case("size-1 everywhere", randn(1, 1, 1, seed=27), randn(1, 1, 1, seed=28))

# ---- broadcasting batch dims ----------------------------------------------------------------------------------
mm_case("batch [2, 1] with [3]", randn(2, 1, 3, 4, seed=30), randn(3, 4, 2, seed=31))
mm_case("batch [1] with [3]", randn(1, 2, 3, seed=32), randn(3, 3, 4, seed=33))
mm_case("batch [3] with [2, 1]", randn(3, 2, 3, seed=34), randn(2, 1, 3, 2, seed=35))
mm_case("expanded batch operand (stride 0)", Input(randn(1, 3, 4, seed=36), [["expand", [3, 3, 4]]]),
        randn(3, 4, 2, seed=37))
mm_case("expanded rhs batch (folded path)", randn(2, 3, 4, seed=38), Input(randn(4, 5, seed=39), [["expand", [2, 4, 5]]]))

# ---- non-contiguous operands ----------------------------------------------------------------------------------
mm_case("transposed lhs", Input(randn(3, 2, seed=40), [["transpose", 0, 1]]), randn(3, 4, seed=41))
mm_case("transposed rhs", randn(2, 3, seed=42), Input(randn(4, 3, seed=43), [["transpose", 0, 1]]))
mm_case("both transposed", Input(randn(5, 6, seed=44), [["transpose", 0, 1]]),
        Input(randn(7, 5, seed=45), [["transpose", 0, 1]]))
mm_case("permuted 3-D", Input(randn(4, 2, 3, seed=46), [["permute", [1, 0, 2]]]),
        Input(randn(3, 2, 5, seed=47), [["permute", [1, 0, 2]]]))
mm_case("batch-transposed lhs (not foldable)", Input(randn(3, 2, 4, seed=48), [["transpose", 0, 1]]),
        randn(4, 5, seed=49))
mm_case("sliced with steps", Input(randn(6, 8, seed=50), [["slice", 0, 0, 6, 2], ["slice", 1, 1, 8, 3]]),
        Input(randn(5, 4, seed=51), [["slice", 0, 1, 4, 1]]))
mm_case("strided 1-D vectors", Input(randn(10, seed=52), [["slice", 0, 0, 10, 2]]),
        Input(randn(5, 3, seed=53), [["select", 1, 1]]))
mm_case("column vector of a matrix", randn(3, 4, seed=54), Input(randn(4, 6, seed=55), [["select", 1, 2]]))

# ---- sizes past the small-product cutoff (packed GEMM, edge tiles) ------------------------------------------
mm_case("33x40 @ 40x27", randn(33, 40, seed=60), randn(40, 27, seed=61))
mm_case("transposed 21x30 @ 30x19", Input(randn(30, 21, seed=62), [["transpose", 0, 1]]),
        Input(randn(19, 30, seed=63), [["transpose", 0, 1]]))
mm_case("batched 3x17x20 @ 20x19 (folded)", randn(3, 17, 20, seed=64), randn(20, 19, seed=65))
mm_case("batched 2x17x20 @ 2x20x19", randn(2, 17, 20, seed=66), randn(2, 20, 19, seed=67))
mm_case("vector 40 @ 40x30", randn(40, seed=68), randn(40, 30, seed=69))

# ---- size-0 dims ----------------------------------------------------------------------------------------------
mm_case("0 rows", randn(0, 3, seed=70), randn(3, 4, seed=71))
mm_case("0 columns", randn(2, 3, seed=72), randn(3, 0, seed=73))
mm_case("K = 0 gives zeros", randn(2, 0, seed=74), randn(0, 3, seed=75))
mm_case("dot of empty vectors", randn(0, seed=76), randn(0, seed=77))
mm_case("empty batch", randn(0, 2, 3, seed=78), randn(3, 4, seed=79))
mm_case("empty broadcast batch", randn(0, 1, 2, 3, seed=80), randn(5, 3, 4, seed=81))

# ---- float edge values ----------------------------------------------------------------------------------------
edge = randn(3, 4, seed=82)
edge[0, 1] = nan
edge[1, 2] = inf
edge[2, 0] = -inf
mm_case("nan and inf propagate", edge, randn(4, 2, seed=83).abs() + 0.5)

# ---- errors ---------------------------------------------------------------------------------------------------
mm_case("0-D operand", torch.tensor(2.0), randn(4, seed=90), error="ShapeError")
mm_case("dot size mismatch", randn(3, seed=91), randn(4, seed=92), error="ShapeError")
mm_case("mm size mismatch", randn(2, 3, seed=93), randn(4, 5, seed=94), error="ShapeError")
mm_case("vector @ matrix mismatch", randn(3, seed=95), randn(4, 5, seed=96), error="ShapeError")
mm_case("matrix @ vector mismatch", randn(2, 3, seed=97), randn(4, seed=98), error="ShapeError")
mm_case("batched inner mismatch", randn(2, 2, 3, seed=99), randn(2, 4, 5, seed=100), error="ShapeError")
mm_case("batch dims do not broadcast", randn(2, 2, 3, seed=101), randn(3, 3, 5, seed=102), error="ShapeError")
mm_case("float @ int", randn(2, 3, seed=103), torch.ones(3, 2, dtype=torch.int64), error="DTypeError")
mm_case("bool @ bool", torch.ones(2, 3, dtype=torch.bool), torch.ones(3, 2, dtype=torch.bool), error="DTypeError")

# ---- linear ---------------------------------------------------------------------------------------------------
linear_case("with bias", randn(2, 3, seed=110), randn(5, 3, seed=111), randn(5, seed=112))
linear_case("without bias", randn(2, 3, seed=113), randn(5, 3, seed=114))
linear_case("1-D input", randn(3, seed=115), randn(4, 3, seed=116), randn(4, seed=117))
linear_case("3-D input", randn(2, 4, 3, seed=118), randn(5, 3, seed=119), randn(5, seed=120))
linear_case("4-D input without bias", randn(2, 2, 2, 3, seed=121), randn(4, 3, seed=122))
linear_case("1-D weight", randn(2, 3, seed=123), randn(3, seed=124))
linear_case("0-D bias", randn(2, 3, seed=125), randn(5, 3, seed=126), torch.tensor(0.5))
linear_case("2-D bias", randn(2, 3, seed=127), randn(5, 3, seed=128), randn(2, 5, seed=129))
linear_case("transposed input, sliced weight", Input(randn(3, 4, seed=130), [["transpose", 0, 1]]),
            Input(randn(6, 3, seed=131), [["slice", 0, 0, 6, 2]]), randn(3, seed=132))
linear_case("empty batch", randn(0, 3, seed=133), randn(5, 3, seed=134), randn(5, seed=135))
linear_case("0 in-features: bias only", randn(2, 0, seed=136), randn(5, 0, seed=137), randn(5, seed=138))
linear_case("features mismatch", randn(2, 3, seed=140), randn(5, 4, seed=141), error="ShapeError")
linear_case("3-D weight", randn(2, 3, seed=142), randn(2, 5, 3, seed=143), error="ShapeError")
linear_case("bias of the wrong size", randn(2, 3, seed=144), randn(5, 3, seed=145), randn(4, seed=146),
            error="ShapeError")

fx.save()
