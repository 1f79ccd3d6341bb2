// The operand layer between ops and kernels: tensors as strided arrays, operands converted to the dtype a kernel
// computes in, and numbers wrapped as 0-d tensors with PyTorch's wrapped-number dtype rule.
import { type DType, numberDType, promoteTypes, scalarDType } from '../dtype.js';
import { map1 } from '../kernels/elementwise.js';
import { UNARY_ROWS, type UnaryKernel } from '../kernels/elementwise-unary.js';
import type { StridedArray } from '../plan/strided.js';
import { broadcastStrides, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensorOrScalar, type Scalar } from '../validate.js';
import { empty, scalar } from './creation.js';

/**
 * Turns the numbers among `values` into 0-d tensors whose dtype follows PyTorch's wrapped-number rule against
 * the tensors among them (a number never raises a tensor's dtype within its category), so that plain
 * `promoteTypes` of the results is PyTorch's result type. Each value must be a Tensor, a number or a boolean:
 * `names` name them in the error of `op` otherwise.
 */
export function wrapScalars(op: string, values: readonly unknown[], names: readonly string[]): Tensor[] {
  values.forEach((v, i) => {
    expectTensorOrScalar(op, names[i]!, v);
  });
  const checked = values as readonly (Tensor | Scalar)[];
  let tensorDType: DType | null = null;
  for (const v of checked) {
    if (typeof v === 'object')
      tensorDType = tensorDType === null ? v.dtype : promoteTypes(tensorDType, v.dtype);
  }
  return checked.map((v) => {
    if (typeof v === 'object') return v;
    // a boolean stays bool: it never raises a tensor's dtype, and `sub` must still see it is one
    if (typeof v === 'boolean') return scalar(v, 'bool');
    return scalar(v, tensorDType === null ? numberDType(v) : scalarDType(v, tensorDType));
  });
}

/** The row kernel that converts `from` into `to` as PyTorch's casts do. */
export function conversionKernel(from: DType, to: DType): UnaryKernel {
  if (to === 'int32' && from === 'float32') return 'toInt';
  if (to === 'bool' && from !== 'bool') return 'toBool';
  return 'assign';
}

/** A concrete tensor as the kernels see it. */
export function stridedOf(t: Tensor): StridedArray {
  return { data: t.storage.data, offset: t.offset, strides: t.strides };
}

/** A contiguous copy of `t` converted to `dtype`. */
export function copyAs(t: Tensor, dtype: DType): Tensor {
  const out = empty({ shape: t.shape, dtype });
  map1(UNARY_ROWS[conversionKernel(t.dtype, dtype)], t.shape, stridedOf(out), stridedOf(t));
  return out;
}

/**
 * `t` read as an operand of a kernel that computes in `dtype` over the broadcast `shape`. int32 values are
 * converted to float32 first (as PyTorch casts its inputs: large integers round); bool's 0/1 are read as they
 * are. `fresh` copies the values first, for in-place ops whose target shares `t`'s storage.
 */
export function operand(t: Tensor, shape: Shape, dtype: DType, fresh = false): StridedArray {
  const source = fresh || (dtype === 'float32' && t.dtype === 'int32') ? copyAs(t, dtype) : t;
  return { ...stridedOf(source), strides: broadcastStrides(source.shape, source.strides, shape) };
}
