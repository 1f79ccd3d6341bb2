// Property cases of the elementwise primitives: broadcasting binary ops, where, and per-element ops.

import { broadcastShapes, shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { bools, floats, positives } from '../values.js';

const FLOAT_BINARY = ['add', 'sub', 'mul', 'div', 'minimum', 'maximum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const BOOL_BINARY = ['logicalAnd', 'logicalOr', 'logicalXor'];
const FLOAT_UNARY = ['neg', 'abs', 'exp', 'sigmoid', 'tanh', 'relu', 'silu', 'erf', 'sign'];
const POSITIVE_UNARY = ['log', 'sqrt', 'rsqrt'];

const binary = (make: typeof floats) =>
  broadcastShapes(2).map(
    ([a, b]): MemberCase => ({ params: {}, member: (s) => [make(a!, 2 * s), make(b!, 2 * s + 1)] }),
  );

const unary = (make: typeof floats, params: fc.Arbitrary<unknown> = fc.constant({})) =>
  fc.tuple(shape(), params).map(([s, p]): MemberCase => ({ params: p, member: (seed) => [make(s, seed)] }));

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  ...Object.fromEntries(FLOAT_BINARY.map((name) => [name, binary(floats)])),
  ...Object.fromEntries(BOOL_BINARY.map((name) => [name, binary(bools)])),
  pow: broadcastShapes(2).map(([a, b]) => ({
    params: {},
    member: (s) => [positives(a!, 2 * s), floats(b!, 2 * s + 1)],
  })),
  where: broadcastShapes(3).map(([c, a, b]) => ({
    params: {},
    member: (s) => [bools(c!, 3 * s), floats(a!, 3 * s + 1), floats(b!, 3 * s + 2)],
  })),
  ...Object.fromEntries(FLOAT_UNARY.map((name) => [name, unary(floats)])),
  ...Object.fromEntries(POSITIVE_UNARY.map((name) => [name, unary(positives)])),
  logicalNot: unary(bools),
  gelu: unary(floats, fc.constantFrom({ approximate: 'none' }, { approximate: 'tanh' })),
  clamp: unary(
    floats,
    fc.constantFrom({ min: -0.5, max: 0.5 }, { min: null, max: 0 }, { min: 0.25, max: null }),
  ),
  thresholdBackward: fc
    .tuple(broadcastShapes(2), fc.constantFrom(0, 0.25, -0.5))
    .map(([[g, x], threshold]) => ({
      params: { threshold },
      member: (s: number) => [floats(g!, 2 * s), floats(x!, 2 * s + 1)],
    })),
  to: unary(floats, fc.constantFrom({ dtype: 'int32' }, { dtype: 'bool' }, { dtype: 'float32' })),
};
