// Joining and indexing ops: cat/stack, flip, gather/indexSelect and oneHot, each writing a fresh contiguous
// tensor. Mirrors ATen's Cat, TensorAdvancedIndexing (gather, index_select) and F.one_hot.
import { type DType, expectDType, isDType, promoteTypes } from '../dtype.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { gatherDim, gatherIx } from '../kernels/indexing.js';
import { copyStrided, gatherStrided } from '../plan/strided.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { readTypedArray } from '../readout.js';
import {
  contiguousStrides,
  formatShape,
  normalizeDim,
  normalizeDims,
  numelOf,
  type Shape,
} from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor, expectTensors } from '../validate.js';
import { empty } from './creation.js';
import { unsqueeze } from './views.js';

// ---- cat and stack ---------------------------------------------------------------------------------------

/** The shape of `shapes` joined along `dim`; PyTorch's messages when they do not fit. */
function catShape(shapes: readonly Shape[], dim: number): number[] {
  const first = shapes[0]!;
  const out = [...first];
  out[dim] = 0;
  shapes.forEach((s, i) => {
    if (s.length !== first.length) {
      throw new ShapeError(
        `cat(): Tensors must have same number of dimensions: got ${first.length} and ${s.length}`,
      );
    }
    for (let d = 0; d < s.length; d++) {
      if (d !== dim && s[d] !== first[d]) {
        throw new ShapeError(
          `cat(): Sizes of tensors must match except in dimension ${dim}. Expected size ${first[d]} but got size ` +
            `${s[d]} for tensor number ${i} in the list (shapes ${formatShape(first)} and ${formatShape(s)}).`,
        );
      }
    }
    out[dim]! += s[dim]!;
  });
  return out;
}

export interface CatParams {
  /** Normalised against the inputs' rank. */
  dim: number;
  /** The promoted dtype of every tensor the caller passed (including skipped empty ones). */
  dtype: DType;
}

const catSpec = {
  shapeRule: (inputs, { dim, dtype }) => {
    const xs = inputs as readonly Aval[];
    if (xs.length === 0) throw new ValueError('cat(): expected a non-empty list of Tensors');
    if (xs[0]!.shape.length === 0)
      throw new ShapeError('cat(): zero-dimensional tensors cannot be concatenated');
    normalizeDim(dim, xs[0]!.shape.length, 'cat');
    if (!isDType(dtype) || xs.some((x) => promoteTypes(x.dtype, dtype) !== dtype)) {
      throw new DTypeError(
        `cat(): output dtype ${String(dtype)} cannot hold inputs ${xs.map((x) => x.dtype).join(', ')}`,
      );
    }
    return [
      {
        shape: catShape(
          xs.map((x) => x.shape),
          dim,
        ),
        dtype,
      },
    ];
  },
  impl: (inputs, { dim }, [aval]) => {
    const out = empty(aval!);
    const strides = contiguousStrides(out.shape);
    let start = 0;
    for (const x of inputs as readonly Tensor[]) {
      copyStrided(
        x.storage.data,
        x.offset,
        x.strides,
        out.storage.data,
        start * strides[dim]!,
        strides,
        x.shape,
      );
      start += x.shape[dim]!;
    }
    return [out];
  },
} satisfies PrimitiveSpec<CatParams>;

/**
 * Joins tensors along an existing `dim`, promoting dtypes as `torch.cat`. 1-D tensors of shape [0] are skipped
 * (PyTorch's legacy rule), so `cat([empty, x])` is `x`.
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  expectTensors('cat', 'tensors', tensors);
  if (tensors.length === 0) throw new ValueError('cat(): expected a non-empty list of Tensors');
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const kept = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  const xs = kept.length > 0 ? kept : tensors;
  const scalarAt = tensors.findIndex((t) => t.ndim === 0);
  if (scalarAt >= 0) {
    throw new ShapeError(`cat(): zero-dimensional tensor (at position ${scalarAt}) cannot be concatenated`);
  }
  const d = normalizeDim(dim, xs[0]!.ndim, 'cat');
  catShape(
    xs.map((x) => x.shape),
    d,
  );
  return bind1(P.cat, xs, { dim: d, dtype });
}

/** Joins same-shaped tensors along a new dim `dim` (in [-ndim-1, ndim]). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  expectTensors('stack', 'tensors', tensors);
  if (tensors.length === 0) throw new ValueError('stack(): stack expects a non-empty TensorList');
  const first = tensors[0]!.shape;
  tensors.forEach((t, i) => {
    if (t.ndim !== first.length || t.shape.some((s, d) => s !== first[d])) {
      throw new ShapeError(
        `stack(): stack expects each tensor to be equal size, but got ${formatShape(first)} at entry 0 and ` +
          `${formatShape(t.shape)} at entry ${i}`,
      );
    }
  });
  const d = normalizeDim(dim, first.length + 1, 'stack');
  return cat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}

// ---- flip ------------------------------------------------------------------------------------------------

const flipSpec = {
  shapeRule: ([x], { dims }) => {
    for (const d of dims) normalizeDim(d, x!.shape.length, 'flip');
    return [{ shape: x!.shape, dtype: x!.dtype }];
  },
  impl: ([x], { dims }, [aval]) => {
    // read through negated strides from the last element of each flipped dim
    let offset = x!.offset;
    const strides = [...x!.strides];
    for (const d of dims) {
      offset += (x!.shape[d]! - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
    const out = empty(aval!);
    gatherStrided(x!.storage.data, offset, x!.shape, strides, out.storage.data);
    return [out];
  },
} satisfies PrimitiveSpec<{ dims: number[] }>;

/** Reverses the order of elements along `dims`. */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  expectTensor('flip', 'input', x);
  return bind1(P.flip, [x], { dims: normalizeDims(dims, x.ndim, 'flip') });
}

// ---- gather and indexSelect ------------------------------------------------------------------------------

/** Reads an int32 index tensor and checks every value is in [0, size). */
function readIndex(op: string, index: Tensor, size: number, dim: number): Int32Array {
  const values = readTypedArray(index) as Int32Array;
  for (const v of values) {
    if (v < 0 || v >= size) {
      throw new IndexError(`${op}(): index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    }
  }
  return values;
}

const gatherSpec = {
  shapeRule: ([x, index], { dim }) => {
    const xs = x!.shape;
    const is = index!.shape;
    if (index!.dtype !== 'int32') {
      throw new DTypeError(`gather(): Expected dtype int32 for index, but got ${index!.dtype}`);
    }
    normalizeDim(dim, xs.length, 'gather');
    // 0-d tensors count as 1-d here, as in ATen
    if (Math.max(xs.length, 1) !== Math.max(is.length, 1)) {
      throw new ShapeError(
        `gather(): Index tensor must have the same number of dimensions as input tensor, but got index of shape ` +
          `${formatShape(is)} and input of shape ${formatShape(xs)}`,
      );
    }
    for (let d = 0; d < is.length; d++) {
      if (d !== dim && is[d]! > (xs[d] ?? 1)) {
        throw new ShapeError(
          `gather(): Size does not match at dimension ${d} expected index ${formatShape(is)} to be smaller than ` +
            `self ${formatShape(xs)} apart from dimension ${dim}`,
        );
      }
    }
    return [{ shape: is, dtype: x!.dtype }];
  },
  impl: ([x, index], { dim }, [aval]) => {
    const values = readIndex('gather', index!, x!.shape[dim] ?? 1, dim);
    const out = empty(aval!);
    // treat 0-d operands as 1-d of size 1
    const shape = index!.ndim === 0 ? [1] : index!.shape;
    const strides = x!.ndim === 0 ? [0] : x!.strides;
    gatherDim(x!.storage.data, x!.offset, strides, dim, values, shape, out.storage.data);
    return [out];
  },
} satisfies PrimitiveSpec<{ dim: number }>;

/** `out[i][j][k] = x[index[i][j][k]][j][k]` for dim 0 (and so on): picks along `dim` per output element. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  expectTensor('gather', 'input', x);
  expectTensor('gather', 'index', index);
  return bind1(P.gather, [x, index], { dim: normalizeDim(dim, x.ndim, 'gather') });
}

const indexSelectSpec = {
  shapeRule: ([x, index], { dim }) => {
    if (index!.dtype !== 'int32') {
      throw new DTypeError(`indexSelect(): Expected dtype int32 for index, but got ${index!.dtype}`);
    }
    if (index!.shape.length > 1) {
      throw new ShapeError(
        `indexSelect(): Index is supposed to be a vector, but got shape ${formatShape(index!.shape)}`,
      );
    }
    normalizeDim(dim, x!.shape.length, 'indexSelect');
    const n = numelOf(index!.shape);
    if (x!.shape.length === 0) {
      if (n !== 1) {
        throw new ShapeError(
          `indexSelect(): a 0-d input takes an index of one element, but got ${n} elements`,
        );
      }
      return [{ shape: [], dtype: x!.dtype }];
    }
    const shape = [...x!.shape];
    shape[dim] = n;
    return [{ shape, dtype: x!.dtype }];
  },
  impl: ([x, index], { dim }, [aval]) => {
    const values = readIndex('indexSelect', index!, x!.shape[dim] ?? 1, dim);
    const maps = x!.shape.map((size, d) =>
      d === dim ? values : Int32Array.from({ length: size }, (_, j) => j),
    );
    const out = empty(aval!);
    gatherIx(x!.storage.data, x!.offset, x!.strides, maps, out.storage.data, 0);
    return [out];
  },
} satisfies PrimitiveSpec<{ dim: number }>;

/** The slices of `x` along `dim` at the positions of the 1-D int32 `index`, in that order. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  expectTensor('indexSelect', 'input', x);
  expectTensor('indexSelect', 'index', index);
  return bind1(P.indexSelect, [x, index], { dim: normalizeDim(dim, x.ndim, 'indexSelect') });
}

// ---- oneHot ----------------------------------------------------------------------------------------------

const oneHotSpec = {
  kind: 'perElement',
  shapeRule: ([x], { numClasses }) => {
    expectDType('oneHot', 'input', x!.dtype, ['int32']);
    if (!Number.isInteger(numClasses) || numClasses < 0) {
      throw new ValueError(
        `oneHot(): expected numClasses to be a non-negative integer, but got ${numClasses}`,
      );
    }
    return [{ shape: [...x!.shape, numClasses], dtype: 'int32' }];
  },
  impl: ([x], { numClasses }, [aval]) => {
    const values = readTypedArray(x!);
    const result = empty(aval!);
    const out = result.storage.data;
    values.forEach((v, i) => {
      if (v < 0) throw new IndexError(`oneHot(): Class values must be non-negative, but got ${v}`);
      if (v >= numClasses) {
        throw new IndexError(
          `oneHot(): Class values must be smaller than num_classes (${numClasses}), but got ${v}`,
        );
      }
      out[i * numClasses + v] = 1;
    });
    return [result];
  },
} satisfies PrimitiveSpec<{ numClasses: number }, 'perElement'>;

/** The joining and indexing primitives, each writing a fresh contiguous tensor. */
export const indexingPrimitives = /* @__PURE__ */ defineFamily('indexing', {
  cat: catSpec,
  flip: flipSpec,
  gather: gatherSpec,
  indexSelect: indexSelectSpec,
  oneHot: oneHotSpec,
});

const P = indexingPrimitives;

/** F.one_hot: int32 class indices to int32 one-hot rows; `numClasses = -1` infers max + 1 (reads the values). */
export function oneHot(x: Tensor, numClasses = -1): Tensor {
  expectTensor('oneHot', 'input', x);
  expectDType('oneHot', 'input', x.dtype, ['int32']);
  if (!Number.isInteger(numClasses) || numClasses < -1) {
    throw new ValueError(
      `oneHot(): expected numClasses to be -1 (infer) or non-negative, but got ${numClasses}`,
    );
  }
  if (x.numel() === 0 && numClasses <= 0) {
    throw new ValueError('oneHot(): Can not infer total number of classes from empty tensor.');
  }
  let n = numClasses;
  if (n === -1) {
    // the values decide the shape: readable only on a concrete tensor, as in PyTorch
    n = 0;
    for (const v of x.toTypedArray()) n = Math.max(n, v + 1);
  }
  return bind1(P.oneHot, [x], { numClasses: n });
}
