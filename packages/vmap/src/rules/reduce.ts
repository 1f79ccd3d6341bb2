// Batching rules of @bn/tensor's `ops/reduce.ts` primitives (functorch's BatchRulesReduceOps.cpp): the kind
// `reduction` moves the batch dim in front and shifts the reduced dims by one; argmax/argmin over all dims flatten
// each member first.
import { type ArgReduceParams, reshape } from '@bn/tensor';
import { moveBdimToFront } from '../helpers.js';
import type { BatchRule, FamilyRules } from '../rule.js';

/** Kind `reduction`, over `params.dims` (sorted, non-negative): the batch dim goes in front and the dims shift by one. */
export function reductionRule<P extends { dims: number[] }>(): BatchRule<P> {
  return ([x], [bdim], params, ctx) => {
    const dims = params.dims.map((d) => d + 1);
    const outs = ctx.bind([moveBdimToFront(x!, bdim!)], { ...params, dims });
    return [outs, outs.map(() => 0)];
  };
}

/** argmax/argmin along one dim, or (dim null) the index into each member's flattened values. */
const argReduction: BatchRule<ArgReduceParams> = ([x], [bdim], { dim, keepdim }, ctx) => {
  const front = moveBdimToFront(x!, bdim!);
  if (dim !== null) return [ctx.bind([front], { dim: dim + 1, keepdim }), [0]];
  const [batch, ...logical] = front.shape;
  const flat = reshape(front, [batch!, logical.reduce((a, b) => a * b, 1)]);
  const out = ctx.bind([flat], { dim: 1, keepdim: false })[0]!;
  // keepdim keeps every logical dim with size 1
  return [[keepdim ? reshape(out, [batch!, ...logical.map(() => 1)]) : out], [0]];
};

export const reduceRules: FamilyRules<'reduce'> = { argmax: argReduction, argmin: argReduction };
