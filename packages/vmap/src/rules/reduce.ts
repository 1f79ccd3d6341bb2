// Batching rules of @bn/tensor's `ops/reduce.ts` primitives (functorch's BatchRulesReduceOps.cpp): the batch dim
// goes in front and the reduced dims shift by one; argmax/argmin over all dims flatten each member first.
import { reshape } from '@bn/tensor';
import { moveBdimToFront } from '../helpers.js';
import { type RuleTable, rule } from '../rule.js';
import { reductionRule } from './factories.js';

const DIM_LIST = ['sum', 'prod', 'mean', 'var', 'amax', 'amin', 'logsumexp', 'all', 'any'];

/** argmax/argmin along one dim, or (dim null) the index into each member's flattened values. */
const argReduction = rule<{ dim: number | null; keepdim: boolean }>(([x], [bdim], { dim, keepdim }, ctx) => {
  const front = moveBdimToFront(x!, bdim!);
  if (dim !== null) return [ctx.bind([front], { dim: dim + 1, keepdim }), [0]];
  const [batch, ...logical] = front.shape;
  const flat = reshape(front, [batch!, logical.reduce((a, b) => a * b, 1)]);
  const out = ctx.bind([flat], { dim: 1, keepdim: false })[0]!;
  // keepdim keeps every logical dim with size 1
  return [[keepdim ? reshape(out, [batch!, ...logical.map(() => 1)]) : out], [0]];
});

export const reduceRules: RuleTable = {
  ...Object.fromEntries(DIM_LIST.map((name) => [name, reductionRule()])),
  argmax: argReduction,
  argmin: argReduction,
};
