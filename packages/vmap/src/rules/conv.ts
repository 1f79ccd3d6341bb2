// Batching rules of @bn/tensor's `ops/conv.ts` primitives (functorch's BatchRulesConvolution.cpp): one call for
// all members. conv2d folds the batch dim into N (input batched), the output channels (weight batched) or the
// groups (both batched); its gradients fold it likewise (convolution_backward's input and weight batch rules), the
// per-sample weight gradient (output gradient and input batched) into the groups.
import {
  add,
  type Conv2dBackwardInputParams,
  type Conv2dBackwardWeightParams,
  type Conv2dParams,
  movedim,
  reshape,
  type Tensor,
  zeros,
} from '@bn/tensor';
import {
  bdimAtFront,
  foldIntoN,
  logicalRank,
  moveBdimToFront,
  reshapeDimInto,
  reshapeDimOutOf,
} from '../helpers.js';
import type { BatchContext, BatchRule, Bdim, FamilyRules } from '../rule.js';

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
 * Channel dim `c` (of the logical shape) of `t`, `groups` groups of K channels, with the batch dim folded inside each
 * group: [.., B, .., G*K, ..] -> [.., G*B*K, ..] (functorch's `N(GBO)` layouts). One group is `reshapeDimInto`.
 */
function foldIntoGroups(t: Tensor, bdim: number, c: number, groups: number): Tensor {
  const front = moveBdimToFront(t, bdim);
  const [batch, ...rest] = front.shape as [number, ...number[]];
  const [pre, post] = [rest.slice(0, c), rest.slice(c + 1)];
  const split = reshape(front, [batch, ...pre, groups, rest[c]! / groups, ...post]);
  return reshape(movedim(split, 0, c + 1), [...pre, groups * batch * (rest[c]! / groups), ...post]);
}

/** The inverse of `foldIntoGroups` on a result: dim c [.., G*B*K, ..] -> [.., B, G*K, ..], the batch dim at c. */
function unfoldFromGroups(t: Tensor, c: number, groups: number, batch: number): Tensor {
  const [pre, post] = [t.shape.slice(0, c), t.shape.slice(c + 1)];
  const k = t.shape[c]! / (groups * batch);
  const split = movedim(reshape(t, [...pre, groups, batch, k, ...post]), c + 1, c);
  return reshape(split, [...pre, batch, groups * k, ...post]);
}

/** With no members, the empty result (folding B = 0 into channels or groups would leave a conv none). */
function noMembers(ctx: BatchContext<never>): Result {
  return [[zeros([0, ...ctx.avals[0]!.shape])], [0]];
}

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
 * Weight batched: the members are more output channels. With x unbatched every group keeps its own input
 * channels, so B goes inside each group ([g, B, O/g]); with x batched too, x's channels fold the same way
 * ([N, B*C, H, W]) and B multiplies the groups ([B, g, O/g]). The bias, batched or not, folds like the weight and
 * goes to the kernel.
 */
function foldIntoChannels(
  { x, weight, bias, xBdim, weightBdim, biasBdim }: Operands,
  params: Conv2dParams,
  ctx: BatchContext,
): Result {
  const batch = ctx.batchSize;
  const c = logicalRank(x, xBdim) - 3; // x's channel dim: 0 for [C, H, W], 1 for [N, C, H, W]
  const inside = xBdim === null ? params.groups : 1; // the groups each of which takes all members
  const input = xBdim === null ? x : reshapeDimInto(xBdim, c, x);
  const folded = [
    input,
    foldIntoGroups(weight, weightBdim!, 0, inside),
    bias && foldIntoGroups(bdimAtFront(bias, biasBdim, batch), 0, 0, inside),
  ];
  const groups = xBdim === null ? params.groups : batch * params.groups;
  const out = ctx.bind(folded, { ...params, groups })[0]!;
  return [[unfoldFromGroups(out, c, inside, batch)], [c]];
}

/**
 * convolution_backward_input_batch_rule: gradOutput batched only, the members are more images (N); the weight
 * batched too, B multiplies the groups (N(BO), (BO)I -> N(BI)); the weight only, B goes inside each group's input
 * channels (N(GO), (GO)(BI) -> N(GBI) -> NB(GI)).
 */
const conv2dBackwardInput: BatchRule<Conv2dBackwardInputParams> = (
  [gradOutput, weight],
  [gBdim = null, wBdim = null],
  params,
  ctx,
) => {
  if (ctx.batchSize === 0) return noMembers(ctx);
  const [dy, w] = [gradOutput!, weight!];
  const c = logicalRank(dy, gBdim) - 3;
  if (wBdim === null) {
    const [folded, unfold] = foldIntoN(dy, gBdim!, c === 1);
    const [out, bdim] = unfold(ctx.bind([folded, w], params)[0]!);
    return [[out], [bdim]];
  }
  const batch = ctx.batchSize;
  const front = moveBdimToFront(w, wBdim);
  if (gBdim !== null) {
    const folded = [reshapeDimInto(gBdim, c, dy), reshapeDimInto(0, 0, front)];
    const out = ctx.bind(folded, { ...params, groups: batch * params.groups })[0]!;
    return [[reshapeDimOutOf(c, batch, out)], [c]];
  }
  const out = ctx.bind([dy, reshapeDimInto(0, 1, front)], params)[0]!;
  return [[unfoldFromGroups(out, c, params.groups, batch)], [c]];
};

/**
 * convolution_backward_weight_batch_rule: gradOutput and input batched (per-sample gradients), B multiplies the
 * groups (N(BO), N(BI) -> (BO)I), one call for every member; gradOutput only, B goes inside each group's output
 * channels (N(GBO) -> (GBO)I -> B(GO)I); the input only, inside its input channels (N(GBI) -> (GO)(BI)).
 */
const conv2dBackwardWeight: BatchRule<Conv2dBackwardWeightParams> = (
  [gradOutput, x],
  [gBdim = null, xBdim = null],
  params,
  ctx,
) => {
  if (ctx.batchSize === 0) return noMembers(ctx);
  const [dy, input] = [gradOutput!, x!];
  const batch = ctx.batchSize;
  const g = params.groups;
  const c = logicalRank(dy, gBdim) - 3;
  if (gBdim !== null && xBdim !== null) {
    const folded = [reshapeDimInto(gBdim, c, dy), reshapeDimInto(xBdim, c, input)];
    const out = ctx.bind(folded, { ...params, groups: batch * g })[0]!;
    return [[reshapeDimOutOf(0, batch, out)], [0]];
  }
  if (gBdim !== null) {
    const out = ctx.bind([foldIntoGroups(dy, gBdim, c, g), input], params)[0]!;
    return [[unfoldFromGroups(out, 0, g, batch)], [0]];
  }
  const out = ctx.bind([dy, foldIntoGroups(input, xBdim!, c, g)], params)[0]!;
  return [[reshapeDimOutOf(1, batch, out)], [1]];
};

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
    if (ctx.batchSize === 0) return noMembers(ctx);
    return foldIntoChannels(operands, params, ctx);
  },
  conv2dBackwardInput,
  conv2dBackwardWeight,
};
