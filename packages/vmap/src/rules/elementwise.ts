// Batching rules of @bn/tensor's `ops/elementwise.ts` primitives, which are all of two kinds: `broadcast` and
// `perElement` (functorch's BINARY_POINTWISE / UNARY_POINTWISE boxed rules, JAX's `broadcast_batcher` and
// `defvectorized`). Primitives of other families share these kinds.
import { logicalRank, moveBdimToFront, padToLogicalRank } from '../helpers.js';
import type { BatchRule, Bdim } from '../rule.js';

/**
 * Kind `broadcast`, elementwise ops over broadcasting inputs: batched inputs get their batch dim in front and are padded to the
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

/** Kind `perElement`: each element of the one input maps to its own outputs, so the batch dim stays where it is. */
export function perElementRule<P>(): BatchRule<P> {
  return (inputs, bdims, params, ctx) => {
    const outs = ctx.bind(inputs, params);
    return [outs, outs.map(() => bdims[0]!)];
  };
}
