// Backward rules of @bn/tensor's `ops/norm.ts` primitives (ATen's native_batch_norm_backward, native_group_norm_
// backward, native_layer_norm_backward), from the saved input: normalised with batch statistics, the cotangent of
// x is invstd * (g' - mean(g') - x^ mean(g' x^)) over each group of elements, g' = g * weight; with running
// statistics (batchNorm in evaluation) it is g' * invstd. batchNorm's and groupNorm's are their fused backward
// primitives, whose own rules differentiate the same formulas composed of ops; layerNorm's is composed of ops. The
// running stats are written by the forward only.
import {
  type BatchNormBackwardParams,
  type GroupNormParams,
  mean,
  mul,
  neg,
  reshape,
  rsqrt,
  sub,
  type Tensor,
} from '@bn/tensor';
import { vjp } from '../grad.js';
import { callPrimitiveOutputs, sumOver } from '../helpers.js';
import type { FamilyVjps, VjpRule } from '../rule.js';

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

/**
 * batchNormBackward's three outputs [gradInput, gradWeight, gradBias] composed of ops, from its inputs [g, x, weight,
 * runningMean, runningVar] (statistics by the batch when training or without running stats): what its own rule
 * differentiates.
 */
function batchNormGradients(
  [g, x, weight, runningMean, runningVar]: readonly (Tensor | null)[],
  { training, eps }: BatchNormBackwardParams,
): Tensor[] {
  const rank = x!.ndim;
  const dims = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];
  const gw = weight ? mul(g!, alongChannels(weight, rank)) : g!;
  if (!training && runningMean && runningVar) {
    const invstd = rsqrt(alongChannels(runningVar, rank).add(eps));
    const xhat = mul(sub(x!, alongChannels(runningMean, rank)), invstd);
    return [mul(gw, invstd), sumOver(mul(g!, xhat), dims), sumOver(g!, dims)];
  }
  const { xhat, invstd } = normalised(x!, dims, eps);
  return [throughStatistics(gw, xhat, invstd, dims), sumOver(mul(g!, xhat), dims), sumOver(g!, dims)];
}

/** groupNormBackward's three outputs composed of ops, from its inputs [g, x, weight]. */
function groupNormGradients(
  [g, x, weight]: readonly (Tensor | null)[],
  { numGroups, eps }: GroupNormParams,
): Tensor[] {
  const rank = x!.ndim;
  const spatial = Array.from({ length: rank - 2 }, (_, i) => i + 2);
  // statistics per sample and group: [N, G, C/G * spatial]
  const [n, c] = [x!.shape[0]!, x!.shape[1]!];
  const grouped = [n, numGroups, (c / numGroups) * spatial.reduce((p, d) => p * x!.shape[d]!, 1)];
  const { xhat, invstd } = normalised(reshape(x!, grouped), [2], eps);
  const gw = weight ? mul(g!, alongChannels(weight, rank)) : g!;
  const dx = reshape(throughStatistics(reshape(gw, grouped), xhat, invstd, [2]), x!.shape);
  return [dx, sumOver(mul(g!, reshape(xhat, x!.shape)), [0, ...spatial]), sumOver(g!, [0, ...spatial])];
}

/**
 * The rule of a fused norm backward with `arity` inputs (second order): the vjp of `gradients`, the same outputs
 * composed of ops, at the saved inputs; a grad outside differentiates it again.
 */
function compositeRule<P>(
  gradients: (inputs: readonly (Tensor | null)[], params: P) => Tensor[],
  arity: number,
): VjpRule<P> {
  return {
    saves: { inputs: Array.from({ length: arity }, (_, i) => i) },
    vjp: (cotangents, { params, savedInputs, needs }) => {
      const wrt = savedInputs.flatMap((t, i) => (needs[i] && t ? [i] : []));
      const withValues = (values: readonly unknown[]) =>
        savedInputs.map((t, i) => (wrt.includes(i) ? (values[wrt.indexOf(i)] as Tensor) : t));
      const [, pullback] = vjp(
        (...values: unknown[]) => gradients(withValues(values), params),
        wrt.map((i) => savedInputs[i]!),
      );
      const grads = pullback(cotangents) as Tensor[];
      return savedInputs.map((_, i) => (wrt.includes(i) ? grads[wrt.indexOf(i)]! : null));
    },
  };
}

export const normVjps: FamilyVjps<'norm'> = {
  batchNorm: {
    // the running stats only matter in evaluation (training writes them, and normalises by the batch)
    saves: ({ training }) => ({ inputs: training ? [0, 1] : [0, 1, 3, 4] }),
    vjp: ([g], { params: { training, eps }, savedInputs, needs }) => {
      const [x, weight, , runningMean, runningVar] = savedInputs;
      const useRunning = !training && runningMean !== null && runningVar !== null;
      const stats = useRunning ? [runningMean!, runningVar!] : [null, null];
      const [dx, dWeight, dBias] = callPrimitiveOutputs(
        'batchNormBackward',
        [g!, x!, weight ?? null, ...stats],
        {
          training,
          eps,
        },
      ) as [Tensor, Tensor, Tensor];
      // the statistics given as inputs get a cotangent too when they are differentiated (a BatchNorm over a named
      // axis computes them and normalises through here); PyTorch's buffers never are. Per channel, with w the
      // weight (or 1): d/dmean = -w invstd sum(g), d/dvar = -w invstd^2 sum(g x^) / 2
      let dMean: Tensor | null = null;
      let dVar: Tensor | null = null;
      if (useRunning && (needs[3] || needs[4])) {
        const invstd = rsqrt(runningVar!.add(eps));
        const scale = weight ? mul(weight, invstd) : invstd;
        if (needs[3]) dMean = neg(mul(scale, dBias));
        if (needs[4]) dVar = mul(mul(scale, invstd), dWeight).mul(-0.5);
      }
      return [needs[0] ? dx : null, needs[1] ? dWeight : null, needs[2] ? dBias : null, dMean, dVar, null];
    },
  },
  batchNormBackward: compositeRule(batchNormGradients, 5),
  groupNorm: {
    saves: { inputs: [0, 1] },
    vjp: ([g], { params, savedInputs: [x, weight], needs }) => {
      const [dx, dWeight, dBias] = callPrimitiveOutputs(
        'groupNormBackward',
        [g!, x!, weight ?? null],
        params,
      );
      return [needs[0] ? dx! : null, needs[1] ? dWeight! : null, needs[2] ? dBias! : null];
    },
  },
  groupNormBackward: compositeRule(groupNormGradients, 3),
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
