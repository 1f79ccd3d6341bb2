// Batching rules of @bn/tensor's `ops/linalg.ts` primitives: matmul with torch.matmul's 1-D operands and broadcast
// batch dims; against a shared matrix the members become rows of one GEMM (Linear under vmap).
import { movedim, squeeze, type Tensor, t, unsqueeze } from '@bn/tensor';
import { logicalRank, moveBdimToFront, padToLogicalRank } from '../helpers.js';
import type { BatchContext, Bdim, FamilyRules } from '../rule.js';

type Result = [Tensor[], Bdim[]];

/** `x` with its batch dim moved to the front when it sits in the last dim (the one the product contracts). */
const offLastDim = (x: Tensor, bdim: number): [Tensor, number] =>
  bdim === x.ndim - 1 ? [moveBdimToFront(x, bdim), 0] : [x, bdim];

/**
 * a batched, b an unbatched matrix or vector: a's batch dim is one more row (or batch) dim of a, so members laid out
 * contiguously make a single GEMM.
 */
function batchedTimesShared(a: Tensor, aBdim: number, b: Tensor, ctx: BatchContext): Result {
  const [lhs, bdim] = offLastDim(a, aBdim);
  return [ctx.bind([lhs, b], {}), [bdim]];
}

/**
 * a an unbatched matrix or vector, b batched: transposed, (a @ b)^T = b^T @ a^T, with every dim of b but the
 * contracted one as rows; the result's last two dims are swapped back.
 */
function sharedTimesBatched(a: Tensor, b: Tensor, bBdim: number, ctx: BatchContext): Result {
  const [rhs, bdim] = offLastDim(b, bBdim);
  const rank = rhs.ndim - 1;
  const k = rank === 1 ? 0 : rank - 2; // b's contracted dim: its rows, or its only dim
  const contracted = k + (bdim <= k ? 1 : 0);
  const out = ctx.bind([movedim(rhs, contracted, -1), t(a)], {})[0]!;
  const restored = a.ndim === 2 && rank >= 2 ? movedim(out, -1, -2) : out;
  return [[restored], [bdim < contracted ? bdim : bdim - 1]];
}

/**
 * Any other case: batch dims in front, 1-D operands as a row (a) or column (b) matrix, batched operands padded
 * to the common logical rank so that the batch dims broadcast from the right and B stays in front.
 */
function broadcastProduct(a: Tensor, aBdim: Bdim, b: Tensor, bBdim: Bdim, ctx: BatchContext): Result {
  const ra = logicalRank(a, aBdim);
  const rb = logicalRank(b, bBdim);
  const rank = Math.max(ra, rb, 2);
  const lhs = moveBdimToFront(a, aBdim);
  const rhs = moveBdimToFront(b, bBdim);
  const rows = padToLogicalRank(ra === 1 ? unsqueeze(lhs, -2) : lhs, aBdim, rank);
  const columns = padToLogicalRank(rb === 1 ? unsqueeze(rhs, -1) : rhs, bBdim, rank);
  const out = ctx.bind([rows, columns], {})[0]!;
  const vectorDims = [...(ra === 1 ? [-2] : []), ...(rb === 1 ? [-1] : [])];
  return [[vectorDims.length > 0 ? squeeze(out, vectorDims) : out], [0]];
}

export const linalgRules: FamilyRules<'linalg'> = {
  matmul: ([a, b], [aBdim, bBdim], _params, ctx) => {
    if (bBdim === null && b!.ndim <= 2) return batchedTimesShared(a!, aBdim!, b!, ctx);
    if (aBdim === null && a!.ndim <= 2) return sharedTimesBatched(a!, b!, bBdim!, ctx);
    return broadcastProduct(a!, aBdim!, b!, bBdim!, ctx);
  },
};
