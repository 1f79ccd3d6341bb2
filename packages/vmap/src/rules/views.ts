// Batching rules of @bn/tensor's `ops/views.ts` primitives. Each moves the batch dim to the front (a view) and
// shifts the logical dims by one, so a view of a batched tensor is still a view of the caller's storage.
import type { Tensor } from '@bn/tensor';
import { moveBdimToFront, padToLogicalRank } from '../helpers.js';
import type { Bdim, FamilyRules } from '../rule.js';

/** `[outputs, [0]]` of binding the primitive on `x` with its batch dim in front and new params. */
const atFront = <P>(
  x: Tensor,
  bdim: Bdim,
  params: P,
  bind: (ins: Tensor[], ps: P) => Tensor[],
): [Tensor[], Bdim[]] => [bind([moveBdimToFront(x, bdim)], params), [0]];

export const viewsRules: FamilyRules<'views'> = {
  reshape: ([x], [bdim], { shape, view }, ctx) =>
    atFront(x!, bdim!, { shape: [ctx.batchSize, ...shape], view }, ctx.bind),
  permute: ([x], [bdim], { dims }, ctx) =>
    atFront(x!, bdim!, { dims: [0, ...dims.map((d) => d + 1)] }, ctx.bind),
  expand: ([x], [bdim], { shape }, ctx) => {
    const front = padToLogicalRank(moveBdimToFront(x!, bdim!), 0, shape.length);
    return [ctx.bind([front], { shape: [ctx.batchSize, ...shape] }), [0]];
  },
  slice: ([x], [bdim], params, ctx) => atFront(x!, bdim!, { ...params, dim: params.dim + 1 }, ctx.bind),
  select: ([x], [bdim], params, ctx) => atFront(x!, bdim!, { ...params, dim: params.dim + 1 }, ctx.bind),
  squeeze: ([x], [bdim], { dims }, ctx) => atFront(x!, bdim!, { dims: dims.map((d) => d + 1) }, ctx.bind),
  unsqueeze: ([x], [bdim], { dim }, ctx) => atFront(x!, bdim!, { dim: dim + 1 }, ctx.bind),
  // logical contiguity: row-major with the batch dim outermost
  contiguous: ([x], [bdim], params, ctx) => atFront(x!, bdim!, params, ctx.bind),
};
