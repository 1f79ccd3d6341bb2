// Batching rules of @bn/tensor's `ops/conv.ts` primitives.
import type { RuleTable } from '../rule.js';

export const convRules: RuleTable = {};
