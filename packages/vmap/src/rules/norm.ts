// Batching rules of @bn/tensor's `ops/norm.ts` primitives.
import type { RuleTable } from '../rule.js';

export const normRules: RuleTable = {};
