// Batching rules of @bn/tensor's `ops/random.ts` primitives.
import type { RuleTable } from '../rule.js';

export const randomRules: RuleTable = {};
