// Property cases of the indexing primitives (see test/property.ts): cat of 1-3 tensors, flip, pad in every mode,
// gather/indexSelect with in-range int32 indices (0-d operands too) and oneHot.
import { type DType, promoteTypes, type Tensor } from '@bn/tensor';
import fc from 'fast-check';
import { dimList, type Shape, shape } from '../arbitraries.js';
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
  pad: fc.oneof(constantPad, readingPad),
  gather: gatherCase,
  indexSelect: indexSelectCase,
  oneHot: oneHotCase,
};
