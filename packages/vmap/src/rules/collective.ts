// Batching rules of @bn/tensor's `ops/collective.ts` primitives (JAX's `_batched_reduction_collective`): the vmap
// binding the axis name reduces over its batch dim; any other vmap passes the call outward.
import { clone, mean, mul, type ParamsOf, sum, type Tensor } from '@bn/tensor';
import type { BatchRule, FamilyRules } from '../rule.js';

/**
 * `reduce` over the batch dim of an input batched at this level, `ifUnbatched` for one that is not (every member
 * holds the same value); the result is the same for every member, so it is unbatched here.
 */
function collectiveRule(
  reduce: (x: Tensor, bdim: number) => Tensor,
  ifUnbatched: (x: Tensor, batchSize: number) => Tensor,
): BatchRule<ParamsOf<'psum'>> {
  return ([x], [bdim], params, ctx) => {
    // another name: the next outer vmap applies its own rule; this level's physical dim is left as it is
    if (params.axisName !== ctx.axisName) return [ctx.bind([x!], params), [bdim!]];
    return [[bdim === null ? ifUnbatched(x!, ctx.batchSize) : reduce(x!, bdim!)], [null]];
  };
}

export const collectiveRules: FamilyRules<'collective'> = {
  psum: collectiveRule(
    (x, bdim) => sum(x, bdim),
    (x, batchSize) => mul(x, batchSize),
  ),
  pmean: collectiveRule(
    (x, bdim) => mean(x, bdim),
    (x) => clone(x),
  ),
};
