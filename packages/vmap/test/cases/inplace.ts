// Property cases of the inplace primitives (see test/property.ts): targets of every rank, operands that broadcast
// into them (0-d, lower rank, size-1 dims), float and int32 targets. The harness observes the written target.

import { type Shape, shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats, ints, positives } from '../values.js';

type Make = (shape: Shape, seed: number) => ReturnType<typeof floats>;

const int: Make = (s, seed) => ints(s, seed, -5, 6);

/** A target shape and an operand shape that broadcasts into it: a suffix of it with some sizes set to 1. */
const intoTarget = shape(0, 3).chain((target) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: target.length }),
      fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
    )
    .map(([drop, ones]): [Shape, Shape] => [
      target,
      target.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)),
    ]),
);

/** `target op= other` for the given target and operand value makers. */
const binary = (...pairs: [Make, Make][]) =>
  fc.tuple(intoTarget, fc.constantFrom(...pairs)).map(
    ([[t, o], [makeTarget, makeOther]]): MemberCase => ({
      params: {},
      member: (s) => [makeTarget(t, 2 * s), makeOther(o, 2 * s + 1)],
    }),
  );

/** An op on the target alone with one of `params`. */
const unary = (make: Make, ...params: unknown[]) =>
  fc
    .tuple(shape(0, 3), fc.constantFrom(...params))
    .map(([t, p]): MemberCase => ({ params: p, member: (s) => [make(t, s)] }));

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  add_: binary([floats, floats], [int, int], [floats, int]),
  sub_: binary([floats, floats], [int, int]),
  mul_: binary([floats, floats], [int, int], [floats, int]),
  div_: binary([floats, positives], [floats, int]),
  copy_: binary([floats, floats], [int, int], [floats, int], [int, floats]),
  fill_: fc.oneof(unary(floats, { value: 1.5 }, { value: -2 }, { value: true }), unary(int, { value: 3 })),
  clamp_: fc.oneof(
    unary(floats, { min: -0.5, max: 0.5 }, { min: null, max: 0 }, { min: 0.25, max: null }),
    unary(int, { min: -2, max: 3 }, { min: 0, max: null }),
  ),
  relu_: fc.oneof(unary(floats, {}), unary(int, {})),
};
