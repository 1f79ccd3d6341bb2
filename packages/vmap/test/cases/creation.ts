// Property cases of the creation primitives (see test/property.ts).

import { shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats } from '../values.js';

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  fullLike: fc
    .tuple(
      shape(),
      fc.constantFrom(
        { value: 1.5, dtype: 'float32' },
        { value: 3, dtype: 'int32' },
        { value: true, dtype: 'bool' },
      ),
    )
    .map(([s, params]) => ({ params, member: (seed) => [floats(s, seed)] })),
};
