// Batching rules of @bn/tensor's `ops/softmax.ts` primitives (functorch's BatchRulesReduceOps.cpp): the batch dim
// goes in front and the softmax dim shifts by one.
import { reshape, type SoftmaxParams } from '@bn/tensor';
import { moveBdimToFront, padToLogicalRank } from '../helpers.js';
import type { BatchRule, FamilyRules } from '../rule.js';

/** A logical 0-d member is one lane of one element: it becomes `[B, 1]` and is reshaped back. */
const softmaxRule: BatchRule<SoftmaxParams> = ([x], [bdim], { dim }, ctx) => {
  const front = moveBdimToFront(x!, bdim!);
  const out = ctx.bind([padToLogicalRank(front, 0, 1)], { dim: dim + 1 })[0]!;
  return [[out.ndim === front.ndim ? out : reshape(out, front.shape)], [0]];
};

export const softmaxRules: FamilyRules<'softmax'> = {
  softmax: softmaxRule,
  logSoftmax: softmaxRule,
};
