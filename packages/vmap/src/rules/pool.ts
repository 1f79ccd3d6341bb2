// Batching rules of @bn/tensor's `ops/pool.ts` primitives.
import type { RuleTable } from '../rule.js';

export const poolRules: RuleTable = {};
