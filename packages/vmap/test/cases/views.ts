// Property cases of the view primitives (see test/property.ts): reshapes, permutations, expansions, slices.

import { dimList, type Shape, shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats } from '../values.js';

const of = (s: Shape, params: unknown): MemberCase => ({ params, member: (seed) => [floats(s, seed)] });

/** A shape of the same number of elements as `s`: its elements dealt into 0-3 new dims. */
const regroup = (s: Shape): fc.Arbitrary<Shape> => {
  const n = s.reduce((a, b) => a * b, 1);
  const divisors = Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  return fc.constantFrom(...divisors).map((d) => (n === 1 ? [] : d === 1 ? [n] : [d, n / d]));
};

/** `s` with a size-1 dim somewhere: split/inserted dims, always expressible as a view of any layout. */
const withUnitDim = (s: Shape) =>
  fc.integer({ min: 0, max: s.length }).map((i) => [...s.slice(0, i), 1, ...s.slice(i)]);

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  reshape: fc.oneof(
    shape().chain((s) => regroup(s).map((t) => of(s, { shape: t, view: false }))),
    shape().chain((s) => withUnitDim(s).map((t) => of(s, { shape: t, view: true }))),
  ),
  permute: shape(0, 4).chain((s) =>
    fc
      .shuffledSubarray(
        s.map((_, i) => i),
        { minLength: s.length, maxLength: s.length },
      )
      .map((dims) => of(s, { dims })),
  ),
  // every other dim of the member has size 1 and expands to the target's size; 0-2 new leading dims
  expand: fc.tuple(shape(0, 3), shape(0, 2)).map(([sizes, lead]) =>
    of(
      sizes.map((d, i) => (i % 2 === 0 ? 1 : d)),
      { shape: [...lead, ...sizes] },
    ),
  ),
  slice: shape(1, 3, 1, 5).chain((s) =>
    fc
      .record({
        dim: fc.integer({ min: 0, max: s.length - 1 }),
        a: fc.nat(5),
        b: fc.nat(5),
        step: fc.integer({ min: 1, max: 3 }),
      })
      .map(({ dim, a, b, step }) => {
        const [start, end] = [Math.min(a, b, s[dim]!), Math.min(Math.max(a, b), s[dim]!)];
        return of(s, { dim, start, end, step });
      }),
  ),
  select: shape(1, 3).chain((s) =>
    fc
      .integer({ min: 0, max: s.length - 1 })
      .chain((dim) => fc.integer({ min: 0, max: s[dim]! - 1 }).map((index) => of(s, { dim, index }))),
  ),
  squeeze: shape(0, 4, 1, 2).chain((s) =>
    dimList(s.length).map((dims) => of(s, { dims: dims.filter((d) => s[d] === 1) })),
  ),
  unsqueeze: shape(0, 3).chain((s) => fc.integer({ min: 0, max: s.length }).map((dim) => of(s, { dim }))),
  contiguous: shape(0, 3).map((s) => of(s, {})),
  clone: shape(0, 3).map((s) => of(s, {})),
  detach: shape(0, 3).map((s) => of(s, {})),
};
