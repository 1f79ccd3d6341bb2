import { describe, expect, it } from 'vitest';
import { pythonFloat, pythonNumber } from './python-format.js';

describe("Python's repr of numbers", () => {
  it('floats: shortest digits, .0 on whole numbers, two-digit exponents outside [1e-4, 1e16)', () => {
    const cases: [number, string][] = [
      [2, '2.0'],
      [-0.5, '-0.5'],
      [0.0001, '0.0001'],
      [1e-5, '1e-05'],
      [-1e-8, '-1e-08'],
      [1.5e-7, '1.5e-07'],
      [123456789012345, '123456789012345.0'],
      [1e16, '1e+16'],
      [2.5e100, '2.5e+100'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NaN, 'nan'],
    ];
    for (const [x, repr] of cases) expect(pythonFloat(x), String(x)).toBe(repr);
  });

  it('a whole number prints as an int', () => {
    expect(pythonNumber(-1)).toBe('-1');
    expect(pythonNumber(-0.01)).toBe('-0.01');
  });
});
