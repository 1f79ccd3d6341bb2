// Batching rules of @bn/tensor's `ops/creation.ts` primitives: `fullLike` keeps its input's batch dim.
import type { RuleTable } from '../rule.js';
import { unaryRule } from './factories.js';

export const creationRules: RuleTable = { fullLike: unaryRule() };
