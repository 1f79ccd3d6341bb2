// Gradient-check cases of matmul: a batched product against a broadcast matrix, and vectors on either side.
import type { GradCase } from '../gradcheck.js';
import { floats } from '../values.js';

export const cases: Record<string, GradCase> = {
  matmul: { params: {}, inputs: (s) => [floats([2, 3, 4], s), floats([4, 5], s + 7)], wrt: [0, 1] },
};

/** Further matmul shapes: vector-matrix, matrix-vector, vector-vector, broadcast batches. */
export const matmulShapes: [number[], number[]][] = [
  [[4], [4, 5]],
  [[3, 4], [4]],
  [[4], [4]],
  [
    [2, 1, 3, 4],
    [5, 4, 2],
  ],
];
