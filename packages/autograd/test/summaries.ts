// Summaries of large tensors, as the generators in tools/golden/autograd_models.py and autograd_per_sample.py store
// them (float64: element count, sum, sum of squares, values at a few flat indices), and their comparison in units of
// the expected tensor's own scale.
import type { Tensor } from '@bn/tensor';
import { expect } from 'vitest';

export interface Summary {
  n: number;
  sum: number;
  sumSq: number;
  indices: number[];
  values: number[];
}

/** Distances of a tensor from a summary, each in units of the expected tensor's scale. */
export interface SummaryErrors {
  /** max |a_i - e_i| over the stored entries, over rms = sqrt(sumSq / n). */
  entry: number;
  /** |sum(a) - sum(e)| over the norm sqrt(sumSq): n errors of size rms add up to about sqrt(n) rms, the norm. */
  sum: number;
  /** |norm(a) - norm(e)| / norm(e). */
  norm: number;
}

export const ERROR_KINDS = ['entry', 'sum', 'norm'] as const;

/** How far `actual` is from the summary `expected`; its sums accumulate in float64, as the generator's. */
export function summaryErrors(actual: Tensor, expected: Summary): SummaryErrors {
  const a = actual.toTypedArray();
  expect(a.length, 'element count').toBe(expected.n);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Number(a[i]);
    sum += v;
    sumSq += v * v;
  }
  const norm = Math.sqrt(expected.sumSq);
  if (norm === 0) return { entry: Math.sqrt(sumSq), sum: Math.abs(sum), norm: Math.sqrt(sumSq) };
  const rms = norm / Math.sqrt(expected.n);
  let entry = 0;
  expected.indices.forEach((index, j) => {
    entry = Math.max(entry, Math.abs(Number(a[index]) - expected.values[j]!) / rms);
  });
  return { entry, sum: Math.abs(sum - expected.sum) / norm, norm: Math.abs(Math.sqrt(sumSq) - norm) / norm };
}

/** The largest of each kind of error. */
export function worstErrors(errors: readonly SummaryErrors[]): SummaryErrors {
  const worst = { entry: 0, sum: 0, norm: 0 };
  for (const e of errors) for (const k of ERROR_KINDS) worst[k] = Math.max(worst[k], e[k]);
  return worst;
}

/** Asserts each error within its tolerance, naming the tensor and the measure that failed. */
export function expectWithin(errors: SummaryErrors, tolerance: SummaryErrors, what: string): void {
  for (const k of ERROR_KINDS) {
    expect(errors[k], `${what}: ${k} error (tolerance ${tolerance[k]})`).toBeLessThanOrEqual(tolerance[k]);
  }
}
