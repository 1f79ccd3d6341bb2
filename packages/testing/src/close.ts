// Tolerant comparison of tensors: same shape and dtype, and every element within `atol + rtol * |expected|`.
import type { Tensor } from '@bn/tensor';
import { expect } from 'vitest';

/** Asserts equal shape and dtype and elementwise |a - e| <= atol + rtol * |e| (nan matches nan). */
export function expectClose(actual: Tensor, expected: Tensor, rtol = 1e-5, atol = 1e-6, what = ''): void {
  expect([...actual.shape], `${what} shape`).toEqual([...expected.shape]);
  expect(actual.dtype, `${what} dtype`).toBe(expected.dtype);
  const a = actual.toTypedArray();
  const e = expected.toTypedArray();
  for (let i = 0; i < e.length; i++) {
    const [x, y] = [Number(a[i]), Number(e[i])];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
      expect.fail(`${what} element ${i}: got ${x}, expected ${y} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** The largest |a - b| over all elements (shapes must match). */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  expect([...a.shape]).toEqual([...b.shape]);
  const x = a.toTypedArray();
  const y = b.toTypedArray();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(Number(x[i]) - Number(y[i])));
  return worst;
}
