// Batching rules of @bn/tensor's `ops/softmax.ts` primitives.
import type { RuleTable } from '../rule.js';

export const softmaxRules: RuleTable = {};
