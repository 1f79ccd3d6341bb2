// Property cases of the reduce primitives (see test/property.ts): every dim subset (none, each, all) with and
// without keepdim, 0-d and empty inputs, the dtypes each reduction takes, var's corrections and argmax over all.
import type { Tensor } from '@bn/tensor';
import { dimList, type Shape, shape } from '@bn/testing';
import fc from 'fast-check';
import type { MemberCase } from '../property.js';
import { bools, floats, ints } from '../values.js';

type Make = (shape: Shape, seed: number) => Tensor;

const MAKERS: Record<string, Make> = {
  float32: floats,
  int32: (s, seed) => ints(s, seed, -3, 4),
  bool: bools,
};

/** Rank 0-3, sizes 1-3, sometimes with empty dims. */
const anyShape = fc.oneof({ arbitrary: shape(0, 3), weight: 3 }, { arbitrary: shape(1, 3, 0, 2), weight: 1 });

/** `s` with every dim in `dims` made non-empty (for reductions without an identity). */
const nonEmpty = (s: Shape, dims: readonly number[]) =>
  s.map((n, d) => (dims.includes(d) ? Math.max(n, 1) : n));

/** A dim-list reduction over inputs of `dtypes`, with `extra` params; `needsElements` keeps reduced dims non-empty. */
function dimListCase(
  dtypes: string[],
  {
    extra = fc.constant({}),
    needsElements = false,
  }: { extra?: fc.Arbitrary<object>; needsElements?: boolean } = {},
): fc.Arbitrary<MemberCase> {
  return anyShape.chain((s) =>
    fc
      .tuple(dimList(s.length), fc.boolean(), fc.constantFrom(...dtypes), extra)
      .map(([dims, keepdim, dtype, more]): MemberCase => {
        const xs = needsElements ? nonEmpty(s, dims) : s;
        return { params: { dims, keepdim, ...more }, member: (seed) => [MAKERS[dtype]!(xs, seed)] };
      }),
  );
}

/** argmax/argmin along each dim or (null) over all of them; 0-d inputs take only null. */
const argCase = anyShape.chain((s) =>
  fc
    .tuple(fc.constantFrom(null, ...s.map((_, d) => d)), fc.boolean(), fc.constantFrom('float32', 'int32'))
    .map(([dim, keepdim, dtype]): MemberCase => {
      const xs = nonEmpty(s, dim === null ? s.map((_, d) => d) : [dim]);
      return { params: { dim, keepdim }, member: (seed) => [MAKERS[dtype]!(xs, seed)] };
    }),
);

export const cases: Record<string, fc.Arbitrary<MemberCase>> = {
  sum: dimListCase(['float32', 'int32', 'bool']),
  prod: dimListCase(['float32', 'int32', 'bool']),
  mean: dimListCase(['float32']),
  var: dimListCase(['float32'], { extra: fc.record({ correction: fc.constantFrom(0, 1, 2) }) }),
  amax: dimListCase(['float32', 'int32'], { needsElements: true }),
  amin: dimListCase(['float32', 'int32'], { needsElements: true }),
  logsumexp: dimListCase(['float32', 'int32']),
  all: dimListCase(['bool', 'float32']),
  any: dimListCase(['bool', 'float32']),
  argmax: argCase,
  argmin: argCase,
};
