// Property cases of the softmax primitives (see test/property.ts): each dim position, 0-d and empty inputs.

import { shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats } from '../values.js';

/** A float input of rank 0-3 (sometimes with empty dims) and a normalised dim (0 for a 0-d input). */
const softmaxCase = fc
  .oneof({ arbitrary: shape(0, 3), weight: 3 }, { arbitrary: shape(1, 3, 0, 2), weight: 1 })
  .chain((s) =>
    fc
      .integer({ min: 0, max: Math.max(s.length, 1) - 1 })
      .map((dim): MemberCase => ({ params: { dim }, member: (seed) => [floats(s, seed)] })),
  );

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  softmax: softmaxCase,
  logSoftmax: softmaxCase,
};
