// The comparison helpers must fail when values differ: a helper that cannot fail would make every test pass.
import { tensor } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { expectClose, maxAbsDiff } from './close.js';

describe('expectClose', () => {
  it('accepts values within atol + rtol * |expected| and nan against nan', () => {
    expectClose(tensor([1, 100, Number.NaN]), tensor([1 + 1e-6, 100.0005, Number.NaN]), 1e-5, 1e-6);
  });

  it('rejects a value outside the tolerance, another shape or another dtype', () => {
    expect(() => expectClose(tensor([1, 2]), tensor([1, 2.001]), 1e-5, 1e-6)).toThrow('element 1: got 2');
    expect(() => expectClose(tensor([1, 2]), tensor([[1, 2]]))).toThrow();
    expect(() => expectClose(tensor([1, 2], [2], { dtype: 'int32' }), tensor([1, 2]))).toThrow();
  });
});

describe('maxAbsDiff', () => {
  it('is the largest elementwise difference', () => {
    expect(maxAbsDiff(tensor([1, 5, -2]), tensor([1.5, 5, 1]))).toBe(3);
  });
});
