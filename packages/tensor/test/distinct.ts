// Test tensors whose values are all distinct (so a wrong index shows), optionally read through a transpose.
import { tensor } from '../src/ops/creation.js';
import type { Tensor } from '../src/tensor.js';

/** A float tensor of `shape` with distinct values from `first`, viewed through a transpose when `strided`. */
export function distinct(shape: number[], strided: boolean, first = 0): Tensor {
  const data = Array.from({ length: shape.reduce((p, s) => p * s, 1) }, (_, i) => first + i);
  if (!strided || shape.length < 2) return tensor(data, shape);
  const swapped = [...shape];
  [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
  return tensor(data, swapped).transpose(0, 1);
}
