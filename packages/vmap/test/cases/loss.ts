// Property cases of the loss primitives (see test/property.ts): nllLoss over [C], [N, C], [N, C, d1] and
// [N, C, d1, d2] inputs, with and without a class weight, an ignoreIndex never hit, hit inside [0, C) and hit
// outside it (-1).

import { shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats, ints, positives } from '../values.js';

const nllLossCase = fc
  .record({
    classes: fc.integer({ min: 1, max: 4 }),
    n: fc.constantFrom(null, 1, 2, 3), // null: an unbatched [C] input
    spatial: shape(0, 2),
    weight: fc.boolean(),
  })
  // -100: never hit; -1: hit, outside [0, C); a class: hit
  .chain((c) =>
    fc.integer({ min: -2, max: c.classes - 1 }).map((i) => ({ ...c, ignoreIndex: i === -2 ? -100 : i })),
  )
  .map(({ classes, n, spatial, ignoreIndex, weight }): MemberCase => {
    const targetShape = n === null ? [] : [n, ...spatial];
    const inputShape = n === null ? [classes] : [n, classes, ...spatial];
    const low = ignoreIndex === -1 ? -1 : 0;
    return {
      params: { ignoreIndex },
      member: (s) => [
        floats(inputShape, 3 * s),
        ints(targetShape, 3 * s + 1, low, classes),
        weight ? positives([classes], 3 * s + 2) : null,
      ],
    };
  });

export const cases: Record<string, fc.Arbitrary<MemberCase>> = { nllLoss: nllLossCase };
