// Property cases of the pad primitive (see test/property.ts): constant pads and crops of any trailing dims, and
// reflect/replicate/circular pads of 1-3 dims with and without a batch dim.

import { type Shape, shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats } from '../values.js';

/** Constant pads of 0..rank trailing dims by -1..2 per side (negative crops), never below size 0. */
const constantPad = shape(0, 4).chain((s) =>
  fc
    .integer({ min: 0, max: s.length })
    .chain((k) =>
      fc.tuple(
        fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 2 * k, maxLength: 2 * k }),
        fc.constantFrom(0, 1.5),
      ),
    )
    .map(([raw, value]): MemberCase => {
      // raise `after` until the padded dim is not negative
      const pad = raw.map((p, j) => {
        if (j % 2 === 0) return p;
        const size = s[s.length - 1 - (j - 1) / 2]!;
        return Math.max(p, -size - raw[j - 1]!);
      });
      return { params: { pad, mode: 'constant', value }, member: (seed) => [floats(s, seed)] };
    }),
);

/**
 * reflect/replicate/circular pads of k = 1-3 dims of sizes 2-3 by 0..size-1 per side, on an input `(N,) C + k`
 * (circular: always with N); N may be empty.
 */
const readingPad = fc
  .tuple(
    fc.constantFrom('reflect', 'replicate', 'circular'),
    fc.integer({ min: 1, max: 3 }),
    fc.boolean(),
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 1, max: 2 }),
  )
  .chain(([mode, k, withN, n, c]) =>
    fc.array(fc.integer({ min: 2, max: 3 }), { minLength: k, maxLength: k }).chain((spatial) => {
      const lead = mode === 'circular' || withN ? [n, c] : [c];
      const s: Shape = [...lead, ...spatial];
      // pairs run from the last dim backwards
      const sizes = [...spatial].reverse().flatMap((size) => [size, size]);
      return fc
        .tuple(...sizes.map((size) => fc.integer({ min: 0, max: size - 1 })))
        .map((pad): MemberCase => ({ params: { pad, mode, value: 0 }, member: (seed) => [floats(s, seed)] }));
    }),
  );

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  pad: fc.oneof(constantPad, readingPad),
};
