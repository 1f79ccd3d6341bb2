// @bn/vmap: functorch-style vmap over @bn/tensor, with a batching rule for every primitive and named axes.

export { type Batched, logicalShape } from './batched.js';
export {
  bdimAtFront,
  ensureHasBdim,
  logicalRank,
  moveBdimToFront,
  padToLogicalRank,
  reshapeDimInto,
  reshapeDimOutOf,
} from './helpers.js';
export { BatchInterpreter } from './interpreter.js';
export { BATCH_NORM_FIXES, BATCH_NORM_KEEP_STATS, BATCH_NORM_RUNNING_STATS_ERROR } from './messages.js';
export type { BatchContext, BatchRule, Bdim, Randomness, RuleTable } from './rule.js';
export { broadcastRule, reductionRule, unaryRule } from './rules/factories.js';
export { batchRules, rulesByFamily } from './rules/index.js';
export { type DimTree, type Mappable, type VmapOptions, vmap } from './vmap.js';
