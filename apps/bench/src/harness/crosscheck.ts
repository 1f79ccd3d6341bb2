// Outputs of different implementations of one case must agree before any of their figures is recorded: a wrong
// result aborts that implementation's row.
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** float32 results of different summation orders (GEMM of 1024 terms, convolutions of 4608). */
export const KERNEL_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-4 };

/** Two ways (vmap, a loop, the batched call) to run the same kernels on the same values. */
export const SAME_KERNELS_TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-5 };

export class CrossCheckError extends Error {
  override name = 'CrossCheckError';
}

/**
 * Throws a CrossCheckError unless `actual` has the length of `expected` and every element is within
 * `atol + rtol * |expected|` (NaN never is); the message names the worst element.
 */
export function crossCheck(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol, atol }: Tolerance = KERNEL_TOLERANCE,
): void {
  if (actual.length !== expected.length) {
    throw new CrossCheckError(`${what}: ${actual.length} values, expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    const excess = diff - (atol + rtol * Math.abs(expected[i]!));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
      if (Number.isNaN(diff)) break;
    }
  }
  if (worst >= 0) {
    throw new CrossCheckError(
      `${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`,
    );
  }
}
