// Batching rules of @bn/tensor's `ops/indexing.ts` primitives.
import type { RuleTable } from '../rule.js';

export const indexingRules: RuleTable = {};
