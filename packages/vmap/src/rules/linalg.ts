// Batching rules of @bn/tensor's `ops/linalg.ts` primitives.
import type { RuleTable } from '../rule.js';

export const linalgRules: RuleTable = {};
