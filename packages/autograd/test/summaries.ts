// Summaries of large tensors, as the generators tools/golden/autograd_models.py and autograd_per_sample.py store
// them (float64: element count, sum, sum of squares, values at a few flat indices), and their comparison in units of
// the expected tensor's own scale, within tolerances set by how far torch's own float32 run was from float64.
import type { Tensor } from '@bn/tensor';
import { expect } from 'vitest';

export interface Summary {
  n: number;
  sum: number;
  sumSq: number;
  indices: number[];
  values: number[];
}

/**
 * Distances of a tensor from a summary, in units of the expected tensor's scale u = max(rms, floor), rms =
 * sqrt(sumSq / n): `floor` (`unitFloor`) keeps a tensor whose gradient is (nearly) zero from being measured against
 * its own rounding noise.
 */
export interface SummaryErrors {
  /** max |a_i - e_i| over the stored entries, over u. */
  entry: number;
  /** |sum(a) - sum(e)| over sqrt(n) u: n errors of size u add up to about sqrt(n) u. */
  sum: number;
  /** |norm(a) - norm(e)| over sqrt(n) u (the relative error of the norm when u is the rms). */
  norm: number;
}

const ERROR_KINDS = ['entry', 'sum', 'norm'] as const;

/** As the generators' UNIT_FLOOR: the smallest unit of a group is this times the group's largest rms. */
const UNIT_FLOOR = 1e-3;

const rms = (s: Summary): number => Math.sqrt(s.sumSq / s.n);

/**
 * The smallest unit of error for a group of tensors (the parameters of one gradient, or the running stats): a
 * tensor whose gradient is zero in exact arithmetic (a convolution's bias before a BatchNorm in training) is still a
 * sum of terms as large as the others', and its rounding error scales with those.
 */
function unitFloor(group: Iterable<Summary>): number {
  let largest = 0;
  for (const s of group) largest = Math.max(largest, rms(s));
  return UNIT_FLOOR * largest;
}

/** How far `actual` is from the summary `expected`; its sums accumulate in float64, as the generator's. */
function summaryErrors(actual: Tensor, expected: Summary, floor = 0): SummaryErrors {
  const a = actual.toTypedArray();
  expect(a.length, 'element count').toBe(expected.n);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Number(a[i]);
    sum += v;
    sumSq += v * v;
  }
  const unit = Math.max(rms(expected), floor);
  if (unit === 0) return { entry: Math.sqrt(sumSq), sum: Math.abs(sum), norm: Math.sqrt(sumSq) };
  const normUnit = Math.sqrt(expected.n) * unit;
  let entry = 0;
  expected.indices.forEach((index, j) => {
    entry = Math.max(entry, Math.abs(Number(a[index]) - expected.values[j]!) / unit);
  });
  return {
    entry,
    sum: Math.abs(sum - expected.sum) / normUnit,
    norm: Math.abs(Math.sqrt(sumSq) - Math.sqrt(expected.sumSq)) / normUnit,
  };
}

/** A stored summary and how far torch's float32 run(s) were from it (in the same measures). */
export type Recorded = Summary & { float32Error: SummaryErrors };

// Tolerances, in the units above. Both sides round to float32 through up to ~20 layers, with other summation orders
// than torch's; the generators measured torch's own float32 error against float64 for every tensor (float32Error).
// For most tensors it is below 3e-5 (entries), 8e-5 (sums), 3e-6 (norms), and the floors below leave a margin of
// ~10-30x. Where torch's float32 is far worse (in training, RegNet's squeeze-excitation gradients are small
// differences of large terms: up to 6% of their rms), a tensor may be FACTOR times as far as torch's float32 was.
const FLOOR: SummaryErrors = { entry: 1e-3, sum: 2e-3, norm: 1e-4 };
const FACTOR = 10;

/** A tensor's tolerance: FACTOR times torch's float32 error, at least FLOOR. */
function tolerance(float32Error: SummaryErrors): SummaryErrors {
  return {
    entry: Math.max(FLOOR.entry, FACTOR * float32Error.entry),
    sum: Math.max(FLOOR.sum, FACTOR * float32Error.sum),
    norm: Math.max(FLOOR.norm, FACTOR * float32Error.norm),
  };
}

/**
 * Asserts that each tensor of `actual` (a group: one gradient, or the running stats) is within its tolerance of its
 * recorded summary, naming the tensor and the measure that fails; the names must be the same.
 */
export function expectCloseToSummaries(
  actual: Record<string, Tensor>,
  expected: Record<string, Recorded>,
  what: string,
): void {
  expect(Object.keys(actual).sort(), `${what}: names`).toEqual(Object.keys(expected).sort());
  const floor = unitFloor(Object.values(expected));
  for (const [k, s] of Object.entries(expected)) {
    const errors = summaryErrors(actual[k]!, s, floor);
    const tol = tolerance(s.float32Error);
    for (const e of ERROR_KINDS) {
      expect(errors[e], `${what} ${k}: ${e} error (tolerance ${tol[e]})`).toBeLessThanOrEqual(tol[e]);
    }
  }
}
