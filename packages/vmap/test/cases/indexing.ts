// Property cases of the indexing primitives (see test/property.ts): cat of 1-3 tensors, flip, gather/indexSelect
// with in-range int32 indices (0-d operands too) and oneHot.
import { type DType, promoteTypes, type Tensor } from '@bn/tensor';
import { dimList, type Shape, shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { floats, ints } from '../values.js';

/** An index in [0, ndim) of a tensor of rank `ndim` (0 for a 0-d tensor). */
const normDim = (ndim: number) => fc.integer({ min: 0, max: Math.max(ndim, 1) - 1 });

/** 1-3 float32/int32 tensors of one rank that differ only along `dim` (sizes 0-3 there). */
const catCase = shape(1, 3).chain((s) =>
  fc
    .tuple(
      normDim(s.length),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom<DType>('float32', 'int32')), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([dim, parts]): MemberCase => {
      const shapes = parts.map(([n]) => s.map((size, d) => (d === dim ? n : size)));
      const make = (i: number, seed: number): Tensor =>
        parts[i]![1] === 'int32' ? ints(shapes[i]!, seed, -5, 5) : floats(shapes[i]!, seed);
      return {
        params: { dim, dtype: parts.map(([, t]) => t).reduce(promoteTypes) },
        member: (seed) => shapes.map((_, i) => make(i, parts.length * seed + i)),
      };
    }),
);

const flipCase = shape(0, 3, 0, 3).chain((s) =>
  dimList(s.length).map((dims): MemberCase => ({ params: { dims }, member: (seed) => [floats(s, seed)] })),
);

/** gather: index of the input's rank (a 0-d side counts as 1-d), no larger off `dim`, values in range. */
const gatherCase = shape(0, 3).chain((s) =>
  normDim(s.length).chain((dim) => {
    const rank = Math.max(s.length, 1);
    const indexRanks = rank === 1 ? [0, 1] : [rank];
    return fc
      .tuple(
        fc.constantFrom(...indexRanks),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: rank, maxLength: rank }),
      )
      .map(([indexRank, sizes]): MemberCase => {
        const is = sizes.slice(0, indexRank).map((n, d) => (d === dim ? n : Math.min(n, s[d] ?? 1)));
        return {
          params: { dim },
          member: (seed) => [floats(s, 2 * seed), ints(is, 2 * seed + 1, 0, s[dim] ?? 1)],
        };
      });
  }),
);

/** indexSelect: a 0-d or 1-d index (one element for a 0-d input), values in range. */
const indexSelectCase = shape(0, 3).chain((s) =>
  fc
    .tuple(normDim(s.length), fc.constantFrom<Shape>(...(s.length === 0 ? [[], [1]] : [[], [0], [2], [4]])))
    .map(
      ([dim, is]): MemberCase => ({
        params: { dim },
        member: (seed) => [floats(s, 2 * seed), ints(is, 2 * seed + 1, 0, s[dim] ?? 1)],
      }),
    ),
);

const oneHotCase = fc.tuple(shape(0, 3, 0, 3), fc.integer({ min: 1, max: 4 })).map(
  ([s, numClasses]): MemberCase => ({
    params: { numClasses },
    member: (seed) => [ints(s, seed, 0, numClasses)],
  }),
);

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  cat: catCase,
  flip: flipCase,
  gather: gatherCase,
  indexSelect: indexSelectCase,
  oneHot: oneHotCase,
};
