// The batching rule table: every family's rules, keyed by primitive name (one file per @bn/tensor ops file).
import type { BatchRule } from '../rule.js';
import { collectiveRules } from './collective.js';
import { convRules } from './conv.js';
import { creationRules } from './creation.js';
import { elementwiseRules } from './elementwise.js';
import { indexingRules } from './indexing.js';
import { inplaceRules } from './inplace.js';
import { linalgRules } from './linalg.js';
import { lossRules } from './loss.js';
import { normRules } from './norm.js';
import { poolRules } from './pool.js';
import { randomRules } from './random.js';
import { reduceRules } from './reduce.js';
import { softmaxRules } from './softmax.js';
import { viewsRules } from './views.js';

/** Each family's rules, by family name (the @bn/tensor ops file they mirror). */
export const rulesByFamily = {
  collective: collectiveRules,
  conv: convRules,
  creation: creationRules,
  elementwise: elementwiseRules,
  indexing: indexingRules,
  inplace: inplaceRules,
  linalg: linalgRules,
  loss: lossRules,
  norm: normRules,
  pool: poolRules,
  random: randomRules,
  reduce: reduceRules,
  softmax: softmaxRules,
  views: viewsRules,
};

export const batchRules: ReadonlyMap<string, BatchRule<never>> = new Map(
  Object.values(rulesByFamily).flatMap((table) => Object.entries(table)),
);
