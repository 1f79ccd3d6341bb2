// Joining and indexing ops: cat/stack, pad, flip, gather/indexSelect and oneHot, each writing a fresh contiguous
// tensor. Mirrors ATen's Cat, TensorAdvancedIndexing (gather, index_select), PadNd and F.one_hot.
import { allocate, type DType, expectDType, isDType, promoteTypes } from '../dtype.js';
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { gatherDim, gatherIx } from '../kernels/indexing.js';
import { type PadMode, padIndexMap } from '../kernels/pad.js';
import { copyStrided, gatherStrided } from '../plan/strided.js';
import type { Aval } from '../primitive.js';
import { definePrimitive } from '../primitive.js';
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
import { fromTypedArray } from './creation.js';
import { unsqueeze } from './views.js';

export type { PadMode } from '../kernels/pad.js';

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

interface CatParams {
  /** Normalised against the inputs' rank. */
  dim: number;
  /** The promoted dtype of every tensor the caller passed (including skipped empty ones). */
  dtype: DType;
}

export const catPrimitive = definePrimitive<CatParams>({
  name: 'cat',
  family: 'indexing',
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
  impl: (inputs, { dim, dtype }) => {
    const xs = inputs as readonly Tensor[];
    const shape = catShape(
      xs.map((x) => x.shape),
      dim,
    );
    const strides = contiguousStrides(shape);
    const out = allocate(dtype, numelOf(shape));
    let start = 0;
    for (const x of xs) {
      copyStrided(x.storage.data, x.offset, x.strides, out, start * strides[dim]!, strides, x.shape);
      start += x.shape[dim]!;
    }
    return [fromTypedArray(out, shape)];
  },
});

/**
 * Joins tensors along an existing `dim`, promoting dtypes as `torch.cat`. 1-D tensors of shape [0] are skipped
 * (PyTorch's legacy rule), so `cat([empty, x])` is `x`.
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
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
  return bind1(catPrimitive, xs, { dim: d, dtype });
}

/** Joins same-shaped tensors along a new dim `dim` (in [-ndim-1, ndim]). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
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

export const flipPrimitive = definePrimitive<{ dims: number[] }>({
  name: 'flip',
  family: 'indexing',
  shapeRule: ([x], { dims }) => {
    for (const d of dims) normalizeDim(d, x!.shape.length, 'flip');
    return [{ shape: x!.shape, dtype: x!.dtype }];
  },
  impl: ([x], { dims }) => {
    // read through negated strides from the last element of each flipped dim
    let offset = x!.offset;
    const strides = [...x!.strides];
    for (const d of dims) {
      offset += (x!.shape[d]! - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
    const out = allocate(x!.dtype, x!.numel());
    gatherStrided(x!.storage.data, offset, x!.shape, strides, out);
    return [fromTypedArray(out, x!.shape)];
  },
});

/** Reverses the order of elements along `dims`. */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  return bind1(flipPrimitive, [x], { dims: normalizeDims(dims, x.ndim, 'flip') });
}

// ---- pad -------------------------------------------------------------------------------------------------

interface PadParams {
  /** F.pad's list: (before, after) pairs from the last dim backwards; negative values crop. */
  pad: number[];
  mode: PadMode;
  value: number;
}

export interface PadOptions {
  mode?: PadMode;
  /** Fill value of `'constant'` mode. */
  value?: number;
}

const PAD_MODES: readonly string[] = ['constant', 'reflect', 'replicate', 'circular'];

/** Validates F.pad's arguments (PyTorch 1.13's rules per mode) and returns the output shape. */
function padShape(shape: Shape, dtype: DType, { pad, mode, value }: PadParams): number[] {
  if (!PAD_MODES.includes(mode)) throw new ValueError(`pad(): Unrecognised padding mode ${String(mode)}`);
  if (!pad.every(Number.isInteger))
    throw new ValueError(`pad(): expected integer padding, but got ${formatShape(pad)}`);
  if (pad.length % 2 !== 0) {
    throw new ValueError(`pad(): Padding length must be divisible by 2, but got ${pad.length} values`);
  }
  const ndim = shape.length;
  const k = pad.length / 2;
  if (k > ndim) {
    throw new ValueError(`pad(): Padding length too large: ${pad.length} values for a ${ndim}-D input`);
  }
  if (mode !== 'constant') {
    if (value !== 0) throw new ValueError(`pad(): Padding mode "${mode}" doesn't take in value argument`);
    const batched = mode === 'circular' ? ndim === k + 2 : ndim === k + 1 || ndim === k + 2;
    if (k < 1 || k > 3 || !batched) {
      throw new ValueError(
        `pad(): mode '${mode}' pads the last 1, 2 or 3 dims of a tensor with ` +
          `${mode === 'circular' ? 'two leading dims (N, C)' : 'one or two leading dims ((N,) C)'}, but got ` +
          `${pad.length} padding values for input of shape ${formatShape(shape)}`,
      );
    }
    if (mode !== 'circular') {
      expectDType('pad', `input (mode '${mode}')`, dtype, ['float32']);
      // every dim but the batch dim must be non-empty
      const firstChecked = ndim === k + 2 ? 1 : 0;
      if (shape.slice(firstChecked).some((s) => s === 0)) {
        throw new ShapeError(
          `pad(): mode '${mode}' expects non-empty dims apart from the batch dim, but got input of shape ${formatShape(shape)}`,
        );
      }
    }
  }
  const out = [...shape];
  for (let i = 0; i < k; i++) {
    const d = ndim - 1 - i;
    const size = shape[d]!;
    const before = pad[2 * i]!;
    const after = pad[2 * i + 1]!;
    const n = size + before + after;
    if (mode === 'reflect' && (before >= size || after >= size)) {
      throw new ShapeError(
        `pad(): Padding size should be less than the corresponding input dimension, but got: padding ` +
          `(${before}, ${after}) at dimension ${d} of input ${formatShape(shape)}`,
      );
    }
    if (mode === 'circular') {
      const kept = size - Math.max(-before, 0) - Math.max(-after, 0);
      if (before > kept || after > kept) {
        throw new ShapeError(
          `pad(): Padding value causes wrapping around more than once: padding (${before}, ${after}) at dimension ` +
            `${d} of input ${formatShape(shape)}`,
        );
      }
    }
    if (n < 0 || ((mode === 'reflect' || mode === 'replicate') && n < 1)) {
      throw new ShapeError(
        `pad(): The input size ${size}, plus negative padding ${before} and ${after} resulted in an invalid ` +
          `output size ${n}. Check dimension ${d} of your input.`,
      );
    }
    out[d] = n;
  }
  return out;
}

export const padPrimitive = definePrimitive<PadParams>({
  name: 'pad',
  family: 'indexing',
  shapeRule: ([x], params) => [{ shape: padShape(x!.shape, x!.dtype, params), dtype: x!.dtype }],
  impl: ([x], { pad, mode, value }) => {
    const ndim = x!.ndim;
    const maps = x!.shape.map((size, d) => {
      const i = ndim - 1 - d;
      return 2 * i < pad.length
        ? padIndexMap(mode, size, pad[2 * i]!, pad[2 * i + 1]!)
        : Int32Array.from({ length: size }, (_, j) => j);
    });
    const shape = maps.map((m) => m.length);
    const out = allocate(x!.dtype, numelOf(shape));
    const fill = x!.dtype === 'bool' ? Number(value !== 0) : value;
    gatherIx(x!.storage.data, x!.offset, x!.strides, maps, out, fill);
    return [fromTypedArray(out, shape)];
  },
});

/** F.pad: `pad` lists (before, after) pairs from the last dim backwards; negative values crop. */
export function pad(
  x: Tensor,
  pad: readonly number[],
  { mode = 'constant', value = 0 }: PadOptions = {},
): Tensor {
  return bind1(padPrimitive, [x], { pad: [...pad], mode, value });
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

export const gatherPrimitive = definePrimitive<{ dim: number }>({
  name: 'gather',
  family: 'indexing',
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
  impl: ([x, index], { dim }) => {
    const values = readIndex('gather', index!, x!.shape[dim] ?? 1, dim);
    const out = allocate(x!.dtype, values.length);
    // treat 0-d operands as 1-d of size 1
    const shape = index!.ndim === 0 ? [1] : index!.shape;
    const strides = x!.ndim === 0 ? [0] : x!.strides;
    gatherDim(x!.storage.data, x!.offset, strides, dim, values, shape, out);
    return [fromTypedArray(out, index!.shape)];
  },
});

/** `out[i][j][k] = x[index[i][j][k]][j][k]` for dim 0 (and so on): picks along `dim` per output element. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  return bind1(gatherPrimitive, [x, index], { dim: normalizeDim(dim, x.ndim, 'gather') });
}

export const indexSelectPrimitive = definePrimitive<{ dim: number }>({
  name: 'indexSelect',
  family: 'indexing',
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
  impl: ([x, index], { dim }) => {
    const values = readIndex('indexSelect', index!, x!.shape[dim] ?? 1, dim);
    const maps = x!.shape.map((size, d) =>
      d === dim ? values : Int32Array.from({ length: size }, (_, j) => j),
    );
    const shape = x!.ndim === 0 ? [] : maps.map((m) => m.length);
    const out = allocate(x!.dtype, numelOf(shape));
    gatherIx(x!.storage.data, x!.offset, x!.strides, maps, out, 0);
    return [fromTypedArray(out, shape)];
  },
});

/** The slices of `x` along `dim` at the positions of the 1-D int32 `index`, in that order. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  return bind1(indexSelectPrimitive, [x, index], { dim: normalizeDim(dim, x.ndim, 'indexSelect') });
}

// ---- oneHot ----------------------------------------------------------------------------------------------

export const oneHotPrimitive = definePrimitive<{ numClasses: number }>({
  name: 'oneHot',
  family: 'indexing',
  shapeRule: ([x], { numClasses }) => {
    expectDType('oneHot', 'input', x!.dtype, ['int32']);
    if (!Number.isInteger(numClasses) || numClasses < 0) {
      throw new ValueError(
        `oneHot(): expected numClasses to be a non-negative integer, but got ${numClasses}`,
      );
    }
    return [{ shape: [...x!.shape, numClasses], dtype: 'int32' }];
  },
  impl: ([x], { numClasses }) => {
    const values = readTypedArray(x!);
    const out = new Int32Array(values.length * numClasses);
    values.forEach((v, i) => {
      if (v < 0) throw new IndexError(`oneHot(): Class values must be non-negative, but got ${v}`);
      if (v >= numClasses) {
        throw new IndexError(
          `oneHot(): Class values must be smaller than num_classes (${numClasses}), but got ${v}`,
        );
      }
      out[i * numClasses + v] = 1;
    });
    return [fromTypedArray(out, [...x!.shape, numClasses])];
  },
});

/** F.one_hot: int32 class indices to int32 one-hot rows; `numClasses = -1` infers max + 1 (reads the values). */
export function oneHot(x: Tensor, numClasses = -1): Tensor {
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
  return bind1(oneHotPrimitive, [x], { numClasses: n });
}
