// Batching rules of @bn/tensor's `ops/collective.ts` primitives.
import type { RuleTable } from '../rule.js';

export const collectiveRules: RuleTable = {};
