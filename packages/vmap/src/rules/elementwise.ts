// Batching rules of @bn/tensor's `ops/elementwise.ts` primitives: broadcasting ops and per-element ops.
import type { RuleTable } from '../rule.js';
import { broadcastRule, unaryRule } from './factories.js';

const BROADCASTING = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'minimum',
  'maximum',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'logicalAnd',
  'logicalOr',
  'logicalXor',
  'where',
];

const PER_ELEMENT = [
  'logicalNot',
  'neg',
  'abs',
  'exp',
  'log',
  'sqrt',
  'rsqrt',
  'sigmoid',
  'tanh',
  'relu',
  'silu',
  'sign',
  'gelu',
  'clamp',
  'to',
];

export const elementwiseRules: RuleTable = Object.fromEntries([
  ...BROADCASTING.map((name) => [name, broadcastRule()]),
  ...PER_ELEMENT.map((name) => [name, unaryRule()]),
]);
