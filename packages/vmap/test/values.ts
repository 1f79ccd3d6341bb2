// Deterministic test values: float, int and bool tensors drawn from a seeded Philox generator, so a member's
// inputs are the same every time they are built.
import { fromTypedArray, Generator, type Shape, type Tensor } from '@bn/tensor';

const numel = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** Standard-normal float32 values. */
export function floats(shape: Shape, seed: number): Tensor {
  return fromTypedArray(Float32Array.from(new Generator(seed).normal(numel(shape))), shape);
}

/** Positive float32 values in [0.5, 2.5) (for log, sqrt, variances). */
export function positives(shape: Shape, seed: number): Tensor {
  const u = new Generator(seed).uniform(numel(shape));
  return fromTypedArray(
    Float32Array.from(u, (v) => 0.5 + 2 * v),
    shape,
  );
}

/** int32 values in [low, high). */
export function ints(shape: Shape, seed: number, low: number, high: number): Tensor {
  const u = new Generator(seed).uniform(numel(shape));
  return fromTypedArray(
    Int32Array.from(u, (v) => low + Math.floor(v * (high - low))),
    shape,
  );
}

/** bool values, true with probability 1/2. */
export function bools(shape: Shape, seed: number): Tensor {
  const u = new Generator(seed).uniform(numel(shape));
  return fromTypedArray(
    Uint8Array.from(u, (v) => (v < 0.5 ? 1 : 0)),
    shape,
  );
}
