// Batching rules of @bn/tensor's `ops/inplace.ts` primitives (functorch's in-place handling in
// BatchRulesBinaryOps.cpp): a batched target is written through a view of it; an unbatched one cannot be.
import { RuntimeError } from '@bn/tensor';
import { logicalRank, moveBdimToFront, padToLogicalRank } from '../helpers.js';
import { inplaceMessage } from '../messages.js';
import type { AnyBatchRule } from '../rule.js';

/**
 * Kind `inplace`. The target (input 0) gets its batch dim in front by a view, so the kernel writes into the caller's storage;
 * batched operands go in front too, padded to the target's logical rank so they broadcast member by member.
 * The outputs are the caller's physical target and its batch dim.
 */
export const inplaceRule: AnyBatchRule = ([target, ...operands], bdims, params, ctx) => {
  const bdim = bdims[0]!;
  // a member cannot write into the one tensor every member shares: refuse before writing anything
  if (bdim === null) throw new RuntimeError(inplaceMessage(ctx.prim.name));
  const rank = logicalRank(target!, bdim);
  const moved = operands.map((x, i) => {
    const b = bdims[i + 1]!;
    return x && b !== null ? padToLogicalRank(moveBdimToFront(x, b), 0, rank) : x;
  });
  ctx.bind([moveBdimToFront(target!, bdim), ...moved], params);
  return [[target!], [bdim]];
};
