/**
 * Functorch-style vmap over @bn/tensor, with a batching rule for every primitive and named axes.
 *
 * @module @bn/vmap
 */

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
export type {
  AnyBatchRule,
  BatchContext,
  BatchRule,
  Bdim,
  FamilyRules,
  KindRules,
  OwnRuleName,
  Randomness,
  RuleTable,
} from './rule.js';
export { broadcastRule, perElementRule } from './rules/elementwise.js';
export { batchRuleOf, batchRules, kindRules } from './rules/index.js';
export { inplaceRule } from './rules/inplace.js';
export { reductionRule } from './rules/reduce.js';
export { type DimTree, type Mappable, type VmapOptions, vmap } from './vmap.js';
