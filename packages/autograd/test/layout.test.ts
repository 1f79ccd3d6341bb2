// The layout of a weight's gradient: matmul's cotangent for a transposed matrix (linear's `t(weight)`) is computed as
// (g^T A)^T, as PyTorch's mm_mat2_backward, so the weight's gradient is row-major under grad and vmap(grad) rather
// than a transposed view (which every later reshape, a per-sample norm say, would copy). Values against g^T x.
import { linear, matmul, randn, sum, type Tensor, transpose } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { grad } from '../src/index.js';

const loss = (w: Tensor, x: Tensor, y: Tensor) => sum(linear(x, w).mul(y));

describe("a linear layer's weight gradient", () => {
  const w = randn([5, 7]);

  it('is row-major under grad, equal to g^T x', () => {
    const x = randn([3, 7]);
    const y = randn([3, 5]);
    const g = grad(loss)(w, x, y);
    expect(g.isContiguous()).toBe(true);
    const expected = matmul(transpose(y, 0, 1), x).toTypedArray();
    const actual = g.toTypedArray();
    for (let i = 0; i < expected.length; i++) expect(actual[i]!).toBeCloseTo(expected[i]!, 5);
  });

  it('is row-major per sample under vmap(grad), each equal to the outer product of its sample', () => {
    const xs = randn([4, 1, 7]);
    const ys = randn([4, 1, 5]);
    const perSample = vmap(grad(loss), { inDims: [null, 0, 0] })(w, xs, ys);
    expect(perSample.shape).toEqual([4, 5, 7]);
    expect(perSample.isContiguous()).toBe(true);
    for (let b = 0; b < 4; b++) {
      const expected = matmul(transpose(ys.select(0, b), 0, 1), xs.select(0, b)).toTypedArray();
      const actual = perSample.select(0, b).contiguous().toTypedArray();
      for (let i = 0; i < expected.length; i++) expect(actual[i]!).toBeCloseTo(expected[i]!, 5);
    }
  });
});
