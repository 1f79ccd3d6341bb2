// batchNorm's in-place running-stat update, which fixtures cannot express: writes through strided views into a
// larger buffer, version counters, per-channel numBatchesTracked, and nothing written when the call throws.
import { describe, expect, it } from 'vitest';
import { DTypeError, RuntimeError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { full, ones, tensor, zeros } from './creation.js';
import { batchNorm } from './norm.js';
import { expand, reshape, select, slice, transpose } from './views.js';

// Channel 0 holds 1, 2, 3, 4 (mean 2.5, unbiased variance 5/3); channel 1 holds 0, 0, 2, 2 (mean 1, 4/3).
const x = tensor([
  [1, 0],
  [2, 0],
  [3, 2],
  [4, 2],
]);

function expectValues(t: Tensor, want: number[]): void {
  const got = [...t.toTypedArray()];
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    expect(got[i]).toBeCloseTo(w, 5);
  });
}

describe('batchNorm running stats', () => {
  it('writes through strided views into the base buffers and bumps their versions', () => {
    const meanBuffer = tensor([
      [10, 20],
      [30, 40],
    ]);
    const varBuffer = tensor([1, 9, 1, 9]);
    const runningMean = select(transpose(meanBuffer, 0, 1), 0, 1); // [20, 40], stride 2, offset 1
    const runningVar = slice(varBuffer, 0, 0, null, 2); // [1, 1], stride 2
    batchNorm(x, runningMean, runningVar, { training: true, momentum: 0.1 });
    expectValues(meanBuffer, [10, 0.9 * 20 + 0.1 * 2.5, 30, 0.9 * 40 + 0.1 * 1]);
    expectValues(varBuffer, [0.9 + 0.1 * (5 / 3), 9, 0.9 + 0.1 * (4 / 3), 9]);
    expect(meanBuffer.storage.version).toBe(1);
    expect(varBuffer.storage.version).toBe(1);
  });

  it('updates a [B*C] reshape of a [B, C] buffer with per-channel cumulative factors', () => {
    // Two members of two channels folded into four channels, as the vmap rule passes them.
    const folded = tensor([
      [1, 0, 2, 8],
      [3, 4, 2, 8],
      [5, 8, 2, 8],
    ]);
    const meanBuffer = ones([2, 2]);
    const varBuffer = ones([2, 2]);
    const numBatchesTracked = tensor([1, 2, 4, 1], [4], { dtype: 'int32' });
    batchNorm(folded, reshape(meanBuffer, [4]), reshape(varBuffer, [4]), {
      training: true,
      momentum: null,
      numBatchesTracked,
    });
    // f = 1 / count: count 1 replaces the stat; count 2 averages it in half; count 4 a quarter.
    expectValues(meanBuffer, [3, 0.5 + 0.5 * 4, 0.75 + 0.25 * 2, 8]);
    expectValues(varBuffer, [4, 0.5 + 0.5 * 16, 0.75, 0]);
    expect(meanBuffer.storage.version).toBe(1);
    expect(varBuffer.storage.version).toBe(1);
    expectValues(numBatchesTracked, [1, 2, 4, 1]);
  });

  it('leaves running stats and versions alone in evaluation', () => {
    const runningMean = zeros([2]);
    const runningVar = ones([2]);
    const out = batchNorm(x, runningMean, runningVar);
    expectValues(out.select(0, 3), [4 / Math.sqrt(1 + 1e-5), 2 / Math.sqrt(1 + 1e-5)]);
    expect(runningMean.storage.version).toBe(0);
    expectValues(runningMean, [0, 0]);
  });

  it('changes nothing when validation fails', () => {
    const runningMean = zeros([2]);
    const runningVar = ones([2]);
    const weight = ones([3]);
    expect(() => batchNorm(x, runningMean, runningVar, { weight, training: true })).toThrow(ShapeError);
    expect(() => batchNorm(x, runningMean, runningVar, { weight, training: true })).toThrow(
      /weight should contain 2 elements/,
    );
    const counts = tensor([1, 1, 1], [3], { dtype: 'int32' });
    const call = (numBatchesTracked: Tensor) =>
      batchNorm(x, runningMean, runningVar, { training: true, momentum: null, numBatchesTracked });
    expect(() => call(counts)).toThrow(ShapeError);
    expect(() => call(ones([2]))).toThrow(DTypeError);
    expectValues(runningMean, [0, 0]);
    expectValues(runningVar, [1, 1]);
    expect(runningMean.storage.version).toBe(0);
    expect(runningVar.storage.version).toBe(0);
  });

  it('refuses an expanded running stat before writing either stat', () => {
    const runningMean = expand(zeros([1]), [2]);
    const runningVar = ones([2]);
    expect(() => batchNorm(x, runningMean, runningVar, { training: true })).toThrow(RuntimeError);
    expectValues(runningVar, [1, 1]);
    expect(runningVar.storage.version).toBe(0);
  });

  it('reads expanded running stats in eval mode, where nothing is written (as PyTorch)', () => {
    const shared = batchNorm(x, expand(full([1], 0.5), [2]), expand(full([1], 2), [2]));
    const dense = batchNorm(x, full([2], 0.5), full([2], 2));
    expect(shared.toArray()).toEqual(dense.toArray());
  });
});
