// Batching rules of @bn/tensor's `ops/norm.ts` primitives (functorch's BatchRulesNorm.cpp): batchNorm folds the
// batch dim into channels (into N in eval mode when only x is batched), and so do the backwards of batchNorm and
// groupNorm (always: each member's weight and bias gradients are its own channels' sums), groupNorm into N,
// layerNorm keeps it in front.
import {
  add,
  type BatchNormParams,
  clone,
  copy_,
  expand,
  mul,
  RuntimeError,
  reshape,
  type Tensor,
  unsqueeze,
} from '@bn/tensor';
import {
  bdimAtFront,
  foldIntoN,
  logicalRank,
  moveBdimToFront,
  padToLogicalRank,
  reshapeDimInto,
  reshapeDimOutOf,
} from '../helpers.js';
import { batchNormMessage } from '../messages.js';
import type { Bdim, FamilyRules } from '../rule.js';

/** A per-channel input (logical [C], or [] for a count shared by all channels) as [B*C]: member b's C in a row. */
function foldIntoChannels(t: Tensor, bdim: Bdim, batchSize: number, c: number): Tensor {
  const front = bdimAtFront(t, bdim, batchSize);
  const perChannel = front.ndim === 1 ? expand(unsqueeze(front, 1), [batchSize, c]) : front;
  return reshape(perChannel, [batchSize * c]);
}

/**
 * batchNorm over x [B, N, C, *] as one call on [N, B*C, *]: every member's channels are channels of their own,
 * with weight, bias, running stats and counts folded the same way. The inputs the call `writes` (the running stats,
 * in training) fold into a private copy that is written back into the caller's buffers afterwards: the fold is a
 * view for some layouts only, and a copy back onto the memory it views could alias.
 */
function batchNormByChannels(
  inputs: readonly (Tensor | null)[],
  bdims: readonly Bdim[],
  params: BatchNormParams,
  writes: readonly number[],
  batchSize: number,
  bind: (ins: (Tensor | null)[], ps: BatchNormParams) => Tensor[],
): Tensor {
  const x = bdimAtFront(inputs[0]!, bdims[0]!, batchSize);
  const c = x.shape[2]!;
  const folded = inputs.map((t, i) => {
    // x is folded below; a count shared by every channel of every member stays a 0-d count
    if (!t || i === 0 || t.ndim === 0) return t;
    if (writes.includes(i)) return reshape(clone(bdimAtFront(t, bdims[i]!, batchSize)), [batchSize * c]);
    return foldIntoChannels(t, bdims[i]!, batchSize, c);
  });
  const out = bind([reshapeDimInto(0, 1, x), ...folded.slice(1)], params)[0]!;
  // the updated running stats back into each member's buffer
  for (const i of writes) {
    const stat = inputs[i];
    if (stat) copy_(moveBdimToFront(stat, bdims[i]!), reshape(folded[i]!, [batchSize, c]));
  }
  return reshapeDimOutOf(1, batchSize, out, c);
}

/** The affine step of a norm applied after it, for a batched weight or bias; `align` makes each broadcast. */
function affineAfter(
  out: Tensor,
  [weight, bias]: readonly (Tensor | null)[],
  [weightBdim, biasBdim]: readonly Bdim[],
  align: (t: Tensor, batched: boolean) => Tensor,
): Tensor {
  const aligned = (t: Tensor, bdim: Bdim) => align(moveBdimToFront(t, bdim), bdim !== null);
  const scaled = weight ? mul(out, aligned(weight, weightBdim!)) : out;
  return bias ? add(scaled, aligned(bias, biasBdim!)) : scaled;
}

/**
 * Runs a norm whose statistics are per sample (groupNorm, layerNorm) with x's batch dim in front, folded into N
 * when `foldN`; weight and bias go into the kernel unless one of them is batched, then they are applied after.
 * Returns the output with its batch dim in front.
 */
function perSampleNorm<P>(
  [x, weight, bias]: readonly (Tensor | null)[],
  [xBdim, weightBdim, biasBdim]: readonly Bdim[],
  params: P,
  bind: (ins: (Tensor | null)[], ps: P) => Tensor[],
  foldN: boolean,
  align: (t: Tensor, batched: boolean) => Tensor,
): Tensor {
  const batchedAffine = weightBdim !== null || biasBdim !== null;
  const affine = batchedAffine ? [null, null] : [weight ?? null, bias ?? null];
  // members sharing x normalise it once: the batched weight or bias makes the batch
  const front = xBdim === null ? x! : moveBdimToFront(x!, xBdim!);
  const [input, unfold] = foldN && xBdim !== null ? foldIntoN(front, 0, true) : [front, null];
  const normed = bind([input, ...affine], params)[0]!;
  const out = unfold ? unfold(normed)[0] : normed;
  return batchedAffine
    ? affineAfter(out, [weight ?? null, bias ?? null], [weightBdim!, biasBdim!], align)
    : out;
}

/**
 * A norm backward (inputs [gradOutput, x, per-channel tensors...], outputs [gradInput, gradWeight, gradBias]) over
 * [B, N, C, *] as one call on [N, B*C, *]: each member's channels are channels of their own, so its weight and bias
 * gradients are its own channels' sums ([B*C] -> [B, C]); folding into N would sum them across members.
 */
function backwardByChannels<P>(
  inputs: readonly (Tensor | null)[],
  bdims: readonly Bdim[],
  params: P,
  ctx: { batchSize: number; bind: (ins: (Tensor | null)[], ps: P) => Tensor[] },
): [Tensor[], Bdim[]] {
  const b = ctx.batchSize;
  const [g, x] = [0, 1].map((i) => bdimAtFront(inputs[i]!, bdims[i]!, b)) as [Tensor, Tensor];
  const c = x.shape[2]!;
  const perChannel = inputs.slice(2).map((t, i) => t && foldIntoChannels(t, bdims[i + 2]!, b, c));
  const folded = [reshapeDimInto(0, 1, g), reshapeDimInto(0, 1, x), ...perChannel];
  const [gradInput, gradWeight, gradBias] = ctx.bind(folded, params);
  return [
    [reshapeDimOutOf(1, b, gradInput!, c), reshape(gradWeight!, [b, c]), reshape(gradBias!, [b, c])],
    [1, 0, 0],
  ];
}

export const normRules: FamilyRules<'norm'> = {
  batchNorm: (inputs, bdims, params, ctx) => {
    // training writes the batch statistics into the running stats: each member needs its own (functorch's check)
    const writes = ctx.prim.writes(params);
    if (writes.some((i) => inputs[i] && bdims[i] === null)) {
      throw new RuntimeError(batchNormMessage());
    }
    const [x, , , runningMean] = inputs;
    const xBdim = bdims[0]!;
    // evaluation with every other input shared normalises each sample alone: fold the batch into N
    if (!params.training && runningMean && xBdim !== null && bdims.slice(1).every((b) => b === null)) {
      const [folded, unfold] = foldIntoN(x!, xBdim, true);
      const [out, outBdim] = unfold(ctx.bind([folded, ...inputs.slice(1)], params)[0]!);
      return [[out], [outBdim]];
    }
    return [[batchNormByChannels(inputs, bdims, params, writes, ctx.batchSize, ctx.bind)], [1]];
  },
  batchNormBackward: (inputs, bdims, params, ctx) => backwardByChannels(inputs, bdims, params, ctx),
  groupNorm: (inputs, bdims, params, ctx) => {
    const spatial = logicalRank(inputs[0]!, bdims[0]!) - 2;
    // [C] against [N, C, *]: [B, 1, C, 1...] when batched, [C, 1...] when shared
    const align = (t: Tensor, batched: boolean) =>
      reshape(t, [
        ...(batched ? [t.shape[0]!, 1] : []),
        t.shape[batched ? 1 : 0]!,
        ...new Array<number>(spatial).fill(1),
      ]);
    return [[perSampleNorm(inputs, bdims, params, ctx.bind, true, align)], [0]];
  },
  // each member's groups are groups of channels of their own: B times as many over [N, B*C, *] (an empty batch has no
  // channels, which one group divides)
  groupNormBackward: (inputs, bdims, params, ctx) =>
    backwardByChannels(
      inputs,
      bdims,
      { ...params, numGroups: params.numGroups * Math.max(ctx.batchSize, 1) },
      ctx,
    ),
  layerNorm: (inputs, bdims, params, ctx) => {
    const rank = logicalRank(inputs[0]!, bdims[0]!);
    // normalized dims are trailing: a batched weight only needs size-1 dims for x's leading dims
    const align = (t: Tensor, batched: boolean) => (batched ? padToLogicalRank(t, 0, rank) : t);
    return [[perSampleNorm(inputs, bdims, params, ctx.bind, false, align)], [0]];
  },
};
