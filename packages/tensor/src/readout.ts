// Reading a concrete tensor's values out in row-major order, whatever its strides.
import { allocate, type TypedArray } from './dtype.js';
import { gatherStrided } from './plan/strided.js';
import type { Tensor } from './tensor.js';

/** A fresh row-major typed array with the tensor's values. */
export function readTypedArray(t: Tensor): TypedArray {
  const out = allocate(t.dtype, t.numel());
  gatherStrided(t.storage.data, t.offset, t.shape, t.strides, out);
  return out;
}
