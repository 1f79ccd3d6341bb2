// Batching rules of @bn/tensor's `ops/reduce.ts` primitives.
import type { RuleTable } from '../rule.js';

export const reduceRules: RuleTable = {};
