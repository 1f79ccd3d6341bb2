// Deterministic test values from a seeded Philox generator: floats, values kept away from 0 (so a finite difference
// does not cross a kink), positives, and integers.
import { fromTypedArray, Generator, type Shape, type Tensor } from '@bn/tensor';

const numel = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** Standard-normal float32 values. */
export function floats(shape: Shape, seed: number): Tensor {
  return fromTypedArray(Float32Array.from(new Generator(seed).normal(numel(shape))), shape);
}

/** Values of magnitude in [0.2, 1.7), either sign. */
export function awayFromZero(shape: Shape, seed: number): Tensor {
  const u = new Generator(seed).uniform(2 * numel(shape));
  const n = numel(shape);
  return fromTypedArray(
    Float32Array.from({ length: n }, (_, i) => (u[n + i]! < 0.5 ? -1 : 1) * (0.2 + 1.5 * u[i]!)),
    shape,
  );
}

/** Positive values in [0.5, 2.5). */
export function positives(shape: Shape, seed: number): Tensor {
  return fromTypedArray(
    Float32Array.from(new Generator(seed).uniform(numel(shape)), (v) => 0.5 + 2 * v),
    shape,
  );
}

/** int32 values in [low, high). */
export function ints(shape: Shape, seed: number, low: number, high: number): Tensor {
  return fromTypedArray(
    Int32Array.from(new Generator(seed).uniform(numel(shape)), (v) => low + Math.floor(v * (high - low))),
    shape,
  );
}

/** Multiples of 0.1, all different, in a random order (no two within a finite difference of each other: no ties). */
export function distinct(shape: Shape, seed: number): Tensor {
  const n = numel(shape);
  const keys = new Generator(seed).uniform(n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
  const values = new Float32Array(n);
  order.forEach((i, rank) => {
    values[i] = 0.1 * (rank - Math.floor(n / 2));
  });
  return fromTypedArray(values, shape);
}
