// Backward rules of @bn/tensor's `ops/norm.ts` primitives (ATen's native_batch_norm_backward, native_group_norm_
// backward, native_layer_norm_backward), from the saved input: normalised with batch statistics, the cotangent of
// x is invstd * (g' - mean(g') - x^ mean(g' x^)) over each group of elements, g' = g * weight; with running
// statistics (batchNorm in evaluation) it is g' * invstd. The running stats are written by the forward only.
import { mean, mul, neg, pow, reshape, rsqrt, sub, type Tensor } from '@bn/tensor';
import { sumOver } from '../helpers.js';
import type { FamilyVjps } from '../rule.js';

/** x normalised over `dims` (kept): x^ = (x - mean) / sqrt(var + eps), biased variance, and 1 / sqrt(var + eps). */
function normalised(x: Tensor, dims: readonly number[], eps: number): { xhat: Tensor; invstd: Tensor } {
  const centred = sub(x, mean(x, dims, { keepdim: true }));
  const invstd = rsqrt(mean(mul(centred, centred), dims, { keepdim: true }).add(eps));
  return { xhat: mul(centred, invstd), invstd };
}

/** The cotangent of the normalised input over `dims`: invstd * (g' - mean(g') - x^ mean(g' x^)). */
function throughStatistics(gw: Tensor, xhat: Tensor, invstd: Tensor, dims: readonly number[]): Tensor {
  const meanG = mean(gw, dims, { keepdim: true });
  const meanGX = mean(mul(gw, xhat), dims, { keepdim: true });
  return mul(invstd, sub(sub(gw, meanG), mul(xhat, meanGX)));
}

/** A per-channel vector [C] laid along dim 1 of an [N, C, *] tensor of rank `rank`. */
function alongChannels(v: Tensor, rank: number): Tensor {
  return reshape(v, [1, v.shape[0]!, ...new Array<number>(rank - 2).fill(1)]);
}

export const normVjps: FamilyVjps<'norm'> = {
  batchNorm: {
    // the running stats only matter in evaluation (training writes them, and normalises by the batch)
    saves: ({ training }) => ({ inputs: training ? [0, 1] : [0, 1, 3, 4] }),
    vjp: ([g], { params, savedInputs, needs }) => {
      const [x, weight, , runningMean, runningVar] = savedInputs;
      const rank = x!.ndim;
      const dims = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];
      const gw = weight ? mul(g!, alongChannels(weight, rank)) : g!;
      // evaluation with running stats normalises by them: a fixed affine map of x
      const useRunning = !params.training && runningMean !== null && runningVar !== null;
      let xhat: Tensor;
      let dx: Tensor | null = null;
      // the statistics given as inputs get a cotangent too when they are differentiated (a BatchNorm over a named
      // axis computes them and normalises through here); PyTorch's buffers never are
      let dMean: Tensor | null = null;
      let dVar: Tensor | null = null;
      if (useRunning) {
        const invstd = rsqrt(alongChannels(runningVar!, rank).add(params.eps));
        const centred = sub(x!, alongChannels(runningMean!, rank));
        xhat = mul(centred, invstd);
        if (needs[0]) dx = mul(gw, invstd);
        if (needs[3]) dMean = neg(sumOver(mul(gw, invstd), dims));
        // d/dvar of (x - mean) (var + eps)^-1/2 = -(x - mean) invstd^3 / 2
        if (needs[4]) dVar = mul(sumOver(mul(mul(gw, centred), pow(invstd, 3)), dims), -0.5);
      } else {
        const stats = normalised(x!, dims, params.eps);
        xhat = stats.xhat;
        if (needs[0]) dx = throughStatistics(gw, xhat, stats.invstd, dims);
      }
      return [
        dx,
        needs[1] ? sumOver(mul(g!, xhat), dims) : null,
        needs[2] ? sumOver(g!, dims) : null,
        dMean,
        dVar,
        null,
      ];
    },
  },
  groupNorm: {
    saves: { inputs: [0, 1] },
    vjp: ([g], { params, savedInputs, needs }) => {
      const [x, weight] = savedInputs;
      const rank = x!.ndim;
      const spatial = Array.from({ length: rank - 2 }, (_, i) => i + 2);
      // statistics per sample and group: [N, G, C/G * spatial]
      const [n, c] = [x!.shape[0]!, x!.shape[1]!];
      const grouped = [
        n,
        params.numGroups,
        (c / params.numGroups) * spatial.reduce((p, d) => p * x!.shape[d]!, 1),
      ];
      const { xhat, invstd } = normalised(reshape(x!, grouped), [2], params.eps);
      const gw = weight ? mul(g!, alongChannels(weight, rank)) : g!;
      const dx = needs[0]
        ? reshape(throughStatistics(reshape(gw, grouped), xhat, invstd, [2]), x!.shape)
        : null;
      const xhatFull = reshape(xhat, x!.shape);
      return [
        dx,
        needs[1] ? sumOver(mul(g!, xhatFull), [0, ...spatial]) : null,
        needs[2] ? sumOver(g!, [0, ...spatial]) : null,
      ];
    },
  },
  layerNorm: {
    saves: { inputs: [0, 1] },
    vjp: ([g], { params, savedInputs, needs }) => {
      const [x, weight] = savedInputs;
      const rank = x!.ndim;
      const lead = rank - params.normalizedShape.length;
      const normalizedDims = Array.from({ length: rank - lead }, (_, i) => lead + i);
      const leadingDims = Array.from({ length: lead }, (_, i) => i);
      const { xhat, invstd } = normalised(x!, normalizedDims, params.eps);
      const gw = weight ? mul(g!, weight) : g!;
      return [
        needs[0] ? throughStatistics(gw, xhat, invstd, normalizedDims) : null,
        needs[1] ? sumOver(mul(g!, xhat), leadingDims) : null,
        needs[2] ? sumOver(g!, leadingDims) : null,
      ];
    },
  },
};
