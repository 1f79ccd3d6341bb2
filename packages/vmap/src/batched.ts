// A batched tensor (functorch's BatchedTensor): a lower-level `value` with one extra physical dim `bdim`, shown to
// the user through its logical shape (the value's shape without `bdim`).
import type { Tensor } from '@bn/tensor';

/** The payload a vmap level stores in the tensors it wraps. */
export interface Batched {
  /** The physical tensor, one level down; its dim `bdim` runs over the vmap batch. */
  readonly value: Tensor;
  readonly bdim: number;
}

/** The logical shape of a physical shape with its batch dim removed. */
export function logicalShape(shape: readonly number[], bdim: number): number[] {
  return shape.filter((_, d) => d !== bdim);
}
