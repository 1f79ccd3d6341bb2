// Gradients as the grad suite compares them: a few parameters' values read back by name, checked with a tolerance
// whose absolute part scales with the parameter's largest gradient (per-parameter gradients span decades).
import { crossCheck, type Tolerance } from '../harness/crosscheck.js';

/** Gradients read back, row-major, by parameter name (per-sample ones as [B, ...parameter shape]). */
export type GradientValues = Record<string, ArrayLike<number>>;

/** The same kernels on the same values in another arrangement (vmap against a loop): as SAME_KERNELS_TOLERANCE. */
export const SAME_KERNELS_GRADIENTS: Tolerance = { rtol: 1e-4, atol: 1e-5 };

/** Other kernels, other summation orders, through a dozen layers forward and back (a peer, another thread count). */
export const OTHER_KERNELS_GRADIENTS: Tolerance = { rtol: 1e-3, atol: 1e-3 };

/**
 * Throws a CrossCheckError unless every parameter of `expected` is in `actual` and within `tolerance`, its atol
 * taken relative to the largest |gradient| of that parameter.
 */
export function checkGradients(
  what: string,
  actual: GradientValues,
  expected: GradientValues,
  { rtol, atol }: Tolerance,
): void {
  for (const [name, values] of Object.entries(expected)) {
    crossCheck(`${what}: ${name}`, actual[name] ?? [], values, {
      rtol,
      atol: atol * largestMagnitude(values),
    });
  }
}

/** The largest |value| of `values` (0 for none). */
export function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]!));
  return largest;
}

/** The concatenation of `parts` (one per sample) as one row-major array. */
export function concatenated(parts: readonly ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
