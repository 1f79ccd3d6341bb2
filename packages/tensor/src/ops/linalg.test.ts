// matmul and linear beyond the PyTorch fixtures: where @bn departs from PyTorch 1.13 on purpose.
import { describe, expect, it } from 'vitest';
import { DTypeError } from '../errors.js';
import { full, tensor } from './creation.js';
import { linear, matmul } from './linalg.js';

describe('matmul', () => {
  it('refuses int32 operands (PyTorch multiplies integers; @bn is float32 only)', () => {
    const a = full([2, 3], 1, { dtype: 'int32' });
    const b = full([3, 2], 1, { dtype: 'int32' });
    expect(() => matmul(a, b)).toThrow(DTypeError);
  });

  it('returns a fresh tensor that does not alias its operands', () => {
    const a = tensor([[1, 2]]);
    const eye = tensor([
      [1, 0],
      [0, 1],
    ]);
    const out = matmul(a, eye);
    expect(out.toArray()).toEqual([[1, 2]]);
    expect(out.storage).not.toBe(a.storage);
  });
});

describe('linear', () => {
  it('accepts a 1-D weight with a bias (PyTorch 1.13 raises "mat2 must be a matrix" there)', () => {
    const out = linear(tensor([[1, 2, 3]]), tensor([1, 1, 1]), tensor(0.5));
    expect(out.toArray()).toEqual([6.5]);
  });
});
