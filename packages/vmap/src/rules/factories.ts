// Rule factories for whole families (functorch's BINARY_POINTWISE / UNARY_POINTWISE / REDUCTION boxed rules, JAX's
// `broadcast_batcher` and `defvectorized`): one line per primitive in the family files.
import { logicalRank, moveBdimToFront, padToLogicalRank } from '../helpers.js';
import type { BatchRule, Bdim } from '../rule.js';

/**
 * Elementwise ops over broadcasting inputs: batched inputs get their batch dim in front and are padded to the
 * largest logical rank, so every logical dim lines up from the right and the batch dim stays in front.
 */
export function broadcastRule<P>(): BatchRule<P> {
  return (inputs, bdims, params, ctx) => {
    const rank = Math.max(0, ...inputs.map((x, i) => (x ? logicalRank(x, bdims[i]!) : 0)));
    const args = inputs.map((x, i) => {
      const bdim = bdims[i]!;
      return x && bdim !== null ? padToLogicalRank(moveBdimToFront(x, bdim), 0, rank) : x;
    });
    const outs = ctx.bind(args, params);
    const out: Bdim = bdims.some((b) => b !== null) ? 0 : null;
    return [outs, outs.map(() => out)];
  };
}

/** Ops that act on each element (or on trailing dims) of their one input: the batch dim stays where it is. */
export function unaryRule<P>(): BatchRule<P> {
  return (inputs, bdims, params, ctx) => {
    const outs = ctx.bind(inputs, params);
    return [outs, outs.map(() => bdims[0]!)];
  };
}

/** Reductions over `params.dims` (sorted, non-negative): the batch dim goes in front and the dims shift by one. */
export function reductionRule<P extends { dims: number[] }>(): BatchRule<P> {
  return ([x], [bdim], params, ctx) => {
    const dims = params.dims.map((d) => d + 1);
    const outs = ctx.bind([moveBdimToFront(x!, bdim!)], { ...params, dims });
    return [outs, outs.map(() => 0)];
  };
}
