// Batching rules of @bn/tensor's `ops/softmax.ts` primitives (functorch's BatchRulesReduceOps.cpp): the batch dim
// goes in front and the softmax dim shifts by one.
import { reshape } from '@bn/tensor';
import { moveBdimToFront, padToLogicalRank } from '../helpers.js';
import { type RuleTable, rule } from '../rule.js';

/** A logical 0-d member is one lane of one element: it becomes `[B, 1]` and is reshaped back. */
const softmaxRule = rule<{ dim: number }>(([x], [bdim], { dim }, ctx) => {
  const front = moveBdimToFront(x!, bdim!);
  const out = ctx.bind([padToLogicalRank(front, 0, 1)], { dim: dim + 1 })[0]!;
  return [[out.ndim === front.ndim ? out : reshape(out, front.shape)], [0]];
});

export const softmaxRules: RuleTable = {
  softmax: softmaxRule,
  logSoftmax: softmaxRule,
};
