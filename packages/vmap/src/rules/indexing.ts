// Batching rules of @bn/tensor's `ops/indexing.ts` primitives (functorch's BatchRulesScatterOps.cpp): the batch dim
// goes in front and the logical dims shift by one.
import { expand, gather, reshape, type Tensor } from '@bn/tensor';
import { bdimAtFront, logicalRank, moveBdimToFront, padToLogicalRank } from '../helpers.js';
import type { FamilyRules } from '../rule.js';

/**
 * indexSelect with a batched index `[B, n]` (`[B]` for a 0-d index) as a gather from `x` (batch dim in front,
 * logical rank at least 1): the index runs along `dim + 1` and is expanded over the other dims.
 */
function indexSelectByGather(x: Tensor, index: Tensor, dim: number): Tensor {
  const n = logicalRank(index, 0) === 0 ? 1 : index.shape[1]!;
  const lanes = x.shape.map((_, d) => (d === 0 ? x.shape[0]! : d === dim + 1 ? n : 1));
  const outShape = x.shape.map((s, d) => (d === dim + 1 ? n : s));
  return gather(x, dim + 1, expand(reshape(index, lanes), outShape));
}

export const indexingRules: FamilyRules<'indexing'> = {
  cat: (inputs, bdims, params, ctx) => {
    const xs = inputs.map((x, i) => bdimAtFront(x!, bdims[i]!, ctx.batchSize));
    return [ctx.bind(xs, { ...params, dim: params.dim + 1 }), [0]];
  },
  flip: ([x], [bdim], { dims }, ctx) => [
    ctx.bind([moveBdimToFront(x!, bdim!)], { dims: dims.map((d) => d + 1) }),
    [0],
  ],
  // 0-d operands count as 1-d: both get a size-1 dim after the batch dim, dropped again for a 0-d index
  gather: ([x, index], bdims, { dim }, ctx) => {
    const [xf, indexf] = [x!, index!].map((t, i) =>
      padToLogicalRank(bdimAtFront(t, bdims[i]!, ctx.batchSize), 0, 1),
    );
    const out = ctx.bind([xf!, indexf!], { dim: dim + 1 })[0]!;
    return [[logicalRank(index!, bdims[1]!) === 0 ? reshape(out, [ctx.batchSize]) : out], [0]];
  },
  indexSelect: ([x, index], [xBdim, indexBdim], { dim }, ctx) => {
    // a 0-d input is read as 1-d of size 1 and its output reshaped back
    const xf = padToLogicalRank(bdimAtFront(x!, xBdim!, ctx.batchSize), 0, 1);
    const out =
      indexBdim === null
        ? ctx.bind([xf, index!], { dim: dim + 1 })[0]!
        : indexSelectByGather(xf, moveBdimToFront(index!, indexBdim!), dim);
    return [[logicalRank(x!, xBdim!) === 0 ? reshape(out, [ctx.batchSize]) : out], [0]];
  },
};
