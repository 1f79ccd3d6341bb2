// Helpers shared by the batching rules (functorch's `BatchRulesHelper.cpp`): moving, padding, folding and
// unfolding the batch dim of physical tensors. Every helper returns a view where the layout allows one.
import { expand, flatten, movedim, reshape, type Tensor, unsqueeze } from '@bn/tensor';
import type { Bdim } from './rule.js';

/** The rank the user sees: the physical rank minus the batch dim, if any. */
export function logicalRank(x: Tensor, bdim: Bdim): number {
  return bdim === null ? x.ndim : x.ndim - 1;
}

/** `x` with its batch dim moved to dim 0 (a view); an unbatched `x` is returned as it is. */
export function moveBdimToFront(x: Tensor, bdim: Bdim): Tensor {
  return bdim === null || bdim === 0 ? x : movedim(x, bdim, 0);
}

/** `x` with a leading batch dim of `batchSize`: expanded (no copy) when it has none. */
export function ensureHasBdim(x: Tensor, hasBdim: boolean, batchSize: number): Tensor {
  return hasBdim ? x : expand(unsqueeze(x, 0), [batchSize, ...x.shape]);
}

/** `x` with its batch dim at the front, expanded to `batchSize` when it had none. */
export function bdimAtFront(x: Tensor, bdim: Bdim, batchSize: number): Tensor {
  return bdim === null ? ensureHasBdim(x, false, batchSize) : moveBdimToFront(x, bdim);
}

/**
 * functorch's `maybePadToLogicalRank`: `x` (batch dim at the front, or none) with size-1 dims inserted after the
 * batch dim until its logical rank is `rank`, so that broadcasting lines its logical dims up from the right.
 */
export function padToLogicalRank(x: Tensor, bdim: Bdim, rank: number): Tensor {
  const missing = rank - logicalRank(x, bdim);
  if (bdim === null || missing <= 0) return x;
  const shape = [x.shape[0]!, ...new Array<number>(missing).fill(1), ...x.shape.slice(1)];
  return reshape(x, shape);
}

/**
 * Merges dim `src` of `x` into dim `dst` (an index into the shape without `src`): the merged dim has size
 * `size(src) * size(dst)`, `src` running slower. `reshapeDimInto(0, 1, [B, N, C])` is `[N, B*C]`.
 */
export function reshapeDimInto(src: number, dst: number, x: Tensor): Tensor {
  const moved = movedim(x, src, dst);
  const shape = [...moved.shape];
  shape.splice(dst, 2, moved.shape[dst]! * moved.shape[dst + 1]!);
  return reshape(moved, shape);
}

/**
 * Splits dim `src` of `x` into `[size1, size2]` (the inverse of `reshapeDimInto`). `size2` defaults to
 * `size(src) / size1`; pass it when `size1` may be 0.
 */
export function reshapeDimOutOf(
  src: number,
  size1: number,
  x: Tensor,
  size2 = x.shape[src]! / size1,
): Tensor {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, size2);
  return reshape(x, shape);
}

/**
 * `x`, logical [C, ...] (`hasN` false) or [N, C, ...], as one N-batch for a kernel that takes both: the batch dim
 * becomes N, or merges with N (a view when they are adjacent, `[B, N, ...]` or `[N, B, ...]`). `unfold` splits
 * dim 0 of a result back and gives the position of its batch dim.
 */
export function foldIntoN(
  x: Tensor,
  bdim: number,
  hasN: boolean,
): [Tensor, (out: Tensor) => [Tensor, number]] {
  if (!hasN) return [moveBdimToFront(x, bdim), (out) => [out, 0]];
  const adjacent = bdim <= 1;
  const front = adjacent ? x : moveBdimToFront(x, bdim);
  const [outer, inner] = front.shape as [number, number];
  return [flatten(front, 0, 1), (out) => [reshapeDimOutOf(0, outer, out, inner), adjacent ? bdim : 0]];
}
