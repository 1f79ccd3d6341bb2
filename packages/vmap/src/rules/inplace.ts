// Batching rules of @bn/tensor's `ops/inplace.ts` primitives.
import type { RuleTable } from '../rule.js';

export const inplaceRules: RuleTable = {};
