// The reference every vmap is checked against: the same function run on each group in a loop, and the comparison
// (largest absolute difference, and whether every value is within the tolerance).
import { allclose, amax, Generator, randn, stack, type Tensor } from '@bn/tensor';

/** vmap and the loop run the same kernels on the same slices; only reduction orders may differ. */
export const TOLERANCE = { rtol: 1e-4, atol: 1e-5 } as const;

/** `f` applied to each group (dim 0) of `x` in turn, the results stacked: what `vmap(f)(x)` must equal. */
export function loopOverGroups(f: (group: Tensor) => Tensor, x: Tensor): Tensor {
  return stack(Array.from({ length: x.shape[0]! }, (_, b) => f(x.select(0, b))));
}

/** How many times the noise floor a difference may reach and still count as equal. */
export const NOISE_MARGIN = 10;

/**
 * The largest |actual - expected| over all pairs, and whether all are within TOLERANCE, or within NOISE_MARGIN times
 * `noiseFloor` when the reference itself moves that much under float32-sized input noise (see `noiseFloor`).
 */
export function compare(
  pairs: readonly (readonly [Tensor, Tensor])[],
  noiseFloor = 0,
): { maxDiff: number; close: boolean } {
  const maxDiff = maxAbsDiff(pairs);
  const close = pairs.every(([actual, expected]) => allclose(actual, expected, TOLERANCE));
  return { maxDiff, close: close || maxDiff <= NOISE_MARGIN * noiseFloor };
}

/** The largest |actual - expected| over all pairs. */
export function maxAbsDiff(pairs: readonly (readonly [Tensor, Tensor])[]): number {
  return Math.max(0, ...pairs.map(([actual, expected]) => amax(actual.sub(expected).abs()).item()));
}

/** Relative size of the input noise `noiseFloor` adds, a millionth (a few float32 roundings): see noiseFloorText. */
const INPUT_NOISE = 1e-6;

/** The noise floor in a sentence: how far rounding alone moves the reference, and what the comparison allows. */
export function noiseFloorText(floor: number): string {
  return (
    `the batched model itself moves by up to ${floor.toExponential(2)} when its input is nudged by a millionth ` +
    `of its largest value (float32 rounding), so vmap also counts as equal within ${NOISE_MARGIN} times that ` +
    `(${(NOISE_MARGIN * floor).toExponential(2)})`
  );
}

/**
 * How far `f`'s results move from `clean` (= `f(x)`) when its input moves by INPUT_NOISE (relative): the float32
 * noise floor of a reference computed in another order. In training, a BatchNorm over few values per channel (a
 * RegNet's last stages at 32x32) amplifies rounding enormously; a comparison cannot be tighter than this. `f` must
 * run on fresh state each call.
 */
export function noiseFloor(f: (x: Tensor) => Tensor[], x: Tensor, clean: readonly Tensor[]): number {
  const noise = randn(x.shape, { generator: new Generator(1) }).mul(INPUT_NOISE * amax(x.abs()).item());
  const moved = f(x.add(noise));
  return compare(clean.map((t, i) => [moved[i]!, t] as const)).maxDiff;
}
