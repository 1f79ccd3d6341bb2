// Batching rules of @bn/tensor's `ops/conv.ts` primitives (functorch's BatchRulesConvolution.cpp): one conv2d
// call for all members, the batch dim folded into N (input batched), the output channels (weight batched) or the
// groups (both batched).
import { add, type Conv2dParams, movedim, reshape, type Tensor, zeros } from '@bn/tensor';
import { bdimAtFront, foldIntoN, logicalRank, moveBdimToFront, reshapeDimInto } from '../helpers.js';
import type { BatchContext, Bdim, FamilyRules } from '../rule.js';

/** One conv2d call's physical operands and their batch dims. */
interface Operands {
  x: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  xBdim: Bdim;
  weightBdim: Bdim;
  biasBdim: Bdim;
}

type Result = [Tensor[], Bdim[]];

/**
 * Weight unbatched: the members are more images. A batched x folds into N; an unbatched bias goes to the kernel,
 * a batched one [B, O] is added after, lined up with the output's channel dim.
 */
function foldIntoImages(
  { x, weight, bias, xBdim, biasBdim }: Operands,
  params: Conv2dParams,
  ctx: BatchContext,
): Result {
  const hasN = logicalRank(x, xBdim) === 4;
  const [input, unfold]: [Tensor, (out: Tensor) => [Tensor, Bdim]] =
    xBdim === null ? [x, (out) => [out, null]] : foldIntoN(x, xBdim, hasN);
  const [out, outBdim] = unfold(ctx.bind([input, weight, biasBdim === null ? bias : null], params)[0]!);
  if (biasBdim === null) return [[out], [outBdim]];
  const b = moveBdimToFront(bias!, biasBdim);
  const perChannel = reshape(b, [ctx.batchSize, ...(hasN ? [1] : []), b.shape[1]!, 1, 1]);
  return [[add(moveBdimToFront(out, outBdim), perChannel)], [0]];
}

/**
 * Weight batched: the members are more output channels, [B*O] in the order the groups need. With x unbatched
 * every group keeps its own input channels, so B goes inside each group ([g, B, O/g]); with x batched too, x's
 * channels fold the same way ([N, B*C, H, W]) and B multiplies the groups ([B, g, O/g]). The bias, batched or
 * not, folds like the weight and goes to the kernel.
 */
function foldIntoChannels(
  { x, weight, bias, xBdim, weightBdim, biasBdim }: Operands,
  params: Conv2dParams,
  ctx: BatchContext,
): Result {
  const batch = ctx.batchSize;
  const g = params.groups;
  const c = logicalRank(x, xBdim) - 3; // x's channel dim: 0 for [C, H, W], 1 for [N, C, H, W]
  const w = moveBdimToFront(weight, weightBdim);
  const o = w.shape[1]!;
  const inside = xBdim === null;
  // [B, O, ...rest] -> [B*O, ...rest]
  const fold = (t: Tensor) => {
    const rest = t.shape.slice(2);
    const ordered = inside ? movedim(reshape(t, [batch, g, o / g, ...rest]), 0, 1) : t;
    return reshape(ordered, [batch * o, ...rest]);
  };
  const input = inside ? x : reshapeDimInto(0, c, moveBdimToFront(x, xBdim));
  const folded = [input, fold(w), bias && fold(bdimAtFront(bias, biasBdim, batch))];
  const out = ctx.bind(folded, { ...params, groups: inside ? g : batch * g })[0]!;
  // [.., B*O, H', W'] (channels at c) -> [.., B, O, H', W']
  const pre = out.shape.slice(0, c);
  const post = out.shape.slice(c + 1);
  const split = inside ? movedim(reshape(out, [...pre, g, batch, o / g, ...post]), c + 1, c) : out;
  return [[reshape(split, [...pre, batch, o, ...post])], [c]];
}

export const convRules: FamilyRules<'conv'> = {
  conv2d: ([x, weight, bias], [xBdim, weightBdim, biasBdim], params, ctx) => {
    const operands = {
      x: x!,
      weight: weight!,
      bias: bias ?? null,
      xBdim: xBdim!,
      weightBdim: weightBdim!,
      biasBdim: biasBdim ?? null,
    };
    if (weightBdim === null) return foldIntoImages(operands, params, ctx);
    // no members and a batched weight: no conv has 0 output channels, so the empty result comes from its shape
    if (ctx.batchSize === 0) return [[zeros([0, ...ctx.avals[0]!.shape])], [0]];
    return foldIntoChannels(operands, params, ctx);
  },
};
