// Batching rules of @bn/tensor's `ops/creation.ts` primitives.
import type { RuleTable } from '../rule.js';

export const creationRules: RuleTable = {};
