// fast-check arbitraries for property tests (vmap's batching rules, autograd's gradient checks): small shapes, shapes
// that broadcast together, dims and options.
import fc from 'fast-check';

export type Shape = number[];

/** A shape of rank in [minRank, maxRank] with sizes in [minSize, maxSize]. */
export function shape(minRank = 0, maxRank = 3, minSize = 1, maxSize = 3): fc.Arbitrary<Shape> {
  return fc.array(fc.integer({ min: minSize, max: maxSize }), { minLength: minRank, maxLength: maxRank });
}

/** `count` shapes that broadcast together: suffixes of one shape with some sizes set to 1. */
export function broadcastShapes(count: number, maxRank = 3): fc.Arbitrary<Shape[]> {
  const variant = (base: Shape) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: base.length }),
        fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      )
      .map(([drop, ones]) => base.slice(drop).map((s, i) => (ones[i + drop] ? 1 : s)));
  return shape(0, maxRank).chain((base) => fc.tuple(...Array.from({ length: count }, () => variant(base))));
}

/** A dim of a tensor of rank `rank`, negative half of the time (rank 0 takes dims of a rank-1 tensor). */
export function dim(rank: number): fc.Arbitrary<number> {
  const n = Math.max(rank, 1);
  return fc.integer({ min: -n, max: n - 1 });
}

/** A sorted list of distinct non-negative dims of a tensor of rank `rank`. */
export function dimList(rank: number): fc.Arbitrary<number[]> {
  return fc.subarray(Array.from({ length: rank }, (_, i) => i));
}
