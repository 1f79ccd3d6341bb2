// Batching rules of @bn/tensor's `ops/loss.ts` primitives.
import type { RuleTable } from '../rule.js';

export const lossRules: RuleTable = {};
