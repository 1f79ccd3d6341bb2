// Batching rules of @bn/tensor's `ops/random.ts` primitives, applying the vmap's `randomness` policy (functorch's
// `BatchRulesRandomness.cpp`). They run for every draw inside a vmap, batched input or not (`dispatch: 'top'`).
import { mul, ones, RuntimeError, stack, zeros } from '@bn/tensor';
import { bdimAtFront, moveBdimToFront } from '../helpers.js';
import { RANDOM_IN_ERROR_MODE } from '../messages.js';
import type { BatchContext, BatchRule, FamilyRules } from '../rule.js';

/** Throws under `randomness: 'error'` (functorch's `check_randomness`). */
function checkRandomness(ctx: BatchContext): void {
  if (ctx.randomness === 'error') throw new RuntimeError(RANDOM_IN_ERROR_MODE);
}

/** Draws of a `shape` param: 'different' draws `[B, ...shape]` in one call, 'same' draws `shape` once for all. */
function drawRule<P extends { shape: number[] }>(): BatchRule<P> {
  return (inputs, _bdims, params, ctx) => {
    checkRandomness(ctx);
    if (ctx.randomness === 'same') return [ctx.bind(inputs, params), [null]];
    return [ctx.bind(inputs, { ...params, shape: [ctx.batchSize, ...params.shape] }), [0]];
  };
}

export const randomRules: FamilyRules<'random'> = {
  randn: drawRule(),
  rand: drawRule(),
  randint: drawRule(),
  randperm: (inputs, _bdims, params, ctx) => {
    checkRandomness(ctx);
    if (ctx.randomness === 'same') return [ctx.bind(inputs, params), [null]];
    // 'different': one permutation per member, drawn in turn and stacked, as functorch's randperm rule loops
    if (ctx.batchSize === 0) return [[zeros([0, params.n], { dtype: 'int32' })], [0]];
    const perms = Array.from({ length: ctx.batchSize }, () => ctx.bind(inputs, params)[0]!);
    return [[stack(perms)], [0]];
  },
  dropout: ([x], [bdim], params, ctx) => {
    checkRandomness(ctx);
    if (ctx.randomness === 'same') {
      if (bdim === null) return [ctx.bind([x!], params), [null, null]];
      // a batched input: one mask over a member's shape, applied to every member, as functorch 1.13's dropout
      const front = moveBdimToFront(x!, bdim!);
      const [scaled, kept] = ctx.bind([ones(front.shape.slice(1))], params);
      return [
        [mul(front, scaled!), kept!],
        [0, null],
      ];
    }
    // 'different': one mask over every member at once (an unbatched input is expanded to the batch first)
    return [ctx.bind([bdimAtFront(x!, bdim!, ctx.batchSize)], params), [0, 0]];
  },
};
