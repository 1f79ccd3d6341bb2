// Property cases of the linalg primitives (see test/property.ts): matmul over every pair of ranks 1-4, with batch
// dims that broadcast (missing or of size 1 on either side).

import { type Shape, shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats } from '../values.js';

/** The last `rank` sizes of `base`, with the sizes where `ones` holds set to 1. */
const suffix = (base: Shape, rank: number, ones: readonly boolean[]) =>
  base.slice(base.length - rank).map((s, i) => (ones[i] ? 1 : s));

const rank = fc.integer({ min: 1, max: 4 });
const size = fc.integer({ min: 1, max: 3 });

const matmulCase = fc.tuple(rank, rank).chain(([ra, rb]) => {
  const batchRank = Math.max(ra, rb, 2) - 2;
  const ones = fc.array(fc.boolean(), { minLength: batchRank, maxLength: batchRank });
  return fc
    .tuple(shape(batchRank, batchRank), ones, ones, size, size, size)
    .map(([batch, onesA, onesB, m, k, n]): MemberCase => {
      const a = ra === 1 ? [k] : [...suffix(batch, ra - 2, onesA), m, k];
      const b = rb === 1 ? [k] : [...suffix(batch, rb - 2, onesB), k, n];
      return { params: {}, member: (s) => [floats(a, 2 * s), floats(b, 2 * s + 1)], rtol: 1e-4, atol: 1e-5 };
    });
});

export const cases: Record<string, fc.Arbitrary<MemberCase>> = { matmul: matmulCase };
