// The batching rule tables: the own rules of every primitive without a kind, by name (one file per @bn/tensor ops
// family that has some), and one rule per kind; typed by @bn/tensor's registry, so a missing rule does not compile.
import type { AnyPrimitive } from '@bn/tensor';
import type { AnyBatchRule, KindRules, OwnRuleName, RuleTable } from '../rule.js';
import { collectiveRules } from './collective.js';
import { convRules } from './conv.js';
import { broadcastRule, perElementRule } from './elementwise.js';
import { indexingRules } from './indexing.js';
import { inplaceRule } from './inplace.js';
import { linalgRules } from './linalg.js';
import { lossRules } from './loss.js';
import { normRules } from './norm.js';
import { padRules } from './pad.js';
import { poolRules } from './pool.js';
import { randomRules } from './random.js';
import { reduceRules, reductionRule } from './reduce.js';
import { softmaxRules } from './softmax.js';
import { viewsRules } from './views.js';

/** The rules of the primitives without a kind, by name: every family's table, checked complete by `RuleTable`. */
export const batchRules: RuleTable = {
  ...collectiveRules,
  ...convRules,
  ...indexingRules,
  ...linalgRules,
  ...lossRules,
  ...normRules,
  ...padRules,
  ...poolRules,
  ...randomRules,
  ...reduceRules,
  ...softmaxRules,
  ...viewsRules,
};

/** The rule of each kind, shared by its primitives whatever their family. */
export const kindRules: KindRules = {
  broadcast: broadcastRule(),
  perElement: perElementRule(),
  reduction: reductionRule(),
  inplace: inplaceRule,
};

/** The rule that batches `prim`: its kind's, or its own. */
export function batchRuleOf(prim: AnyPrimitive): AnyBatchRule | undefined {
  return prim.kind === 'none' ? batchRules[prim.name as OwnRuleName] : kindRules[prim.kind];
}
