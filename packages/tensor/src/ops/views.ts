// View ops: zero-copy rewrites of {shape, strides, offset} over a shared Storage, plus the copies that make a
// tensor contiguous. Mirrors ATen's TensorShape.cpp (computeStride, expand, slice, select, squeeze, split).
import { IndexError, RuntimeError, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { type Aval, definePrimitive } from '../primitive.js';
import { readTypedArray } from '../readout.js';
import {
  checkShape,
  formatShape,
  inferShape,
  isContiguousLayout,
  normalizeDim,
  normalizeDims,
  numelOf,
  type Shape,
} from '../shape.js';
import { Tensor } from '../tensor.js';
import { fromTypedArray } from './creation.js';

// ---- layout helpers ------------------------------------------------------------------------------------

/**
 * Strides that read a tensor of `oldShape`/`oldStrides` as `newShape` without copying, or null when some new
 * dim would span two non-adjacent memory chunks (ATen's `computeStride`).
 */
export function computeStride(
  oldShape: Shape,
  oldStrides: readonly number[],
  newShape: Shape,
): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = numelOf(oldShape);
  if (numel === 0) {
    // strides are arbitrary for an empty tensor: keep them when the shape is unchanged, else as if resized
    if (oldShape.length === newShape.length && oldShape.every((s, i) => s === newShape[i]))
      return [...oldStrides];
    const out = new Array<number>(newShape.length);
    for (let d = newShape.length - 1; d >= 0; d--) {
      out[d] = d === newShape.length - 1 ? 1 : Math.max(newShape[d + 1]!, 1) * out[d + 1]!;
    }
    return out;
  }
  const newStrides = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  // walk the old dims from the last, one chunk of memory-contiguous dims at a time
  let chunkBaseStride = oldStrides[oldStrides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!;
    const chunkEnds =
      d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBaseStride);
    if (!chunkEnds) continue;
    // the new dims that fill this chunk get strides inside it
    while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
      newStrides[viewD] = viewNumel * chunkBaseStride;
      viewNumel *= newShape[viewD]!;
      viewD--;
    }
    if (viewNumel !== tensorNumel) return null;
    if (d > 0) {
      chunkBaseStride = oldStrides[d - 1]!;
      tensorNumel = 1;
      viewNumel = 1;
    }
  }
  return viewD === -1 ? newStrides : null;
}

/** A view of `x`'s storage (the impl of every view primitive). */
function viewOf(x: Tensor, shape: Shape, strides: readonly number[], offset: number): Tensor[] {
  return [Tensor.fromStorage(x.storage, shape, strides, offset)];
}

/** A fresh contiguous copy of `x`. */
function copyOf(x: Tensor, shape: Shape = x.shape): Tensor {
  return fromTypedArray(readTypedArray(x), shape);
}

function only(inputs: readonly (Aval | null)[]): Aval {
  return inputs[0]!;
}

// ---- primitives ----------------------------------------------------------------------------------------

interface ReshapeParams {
  /** The new shape, -1 already resolved. */
  shape: number[];
  /** `view` semantics: throw rather than copy when the strides do not allow a view. */
  view: boolean;
}

export const reshapePrimitive = definePrimitive<ReshapeParams>({
  name: 'reshape',
  family: 'views',
  shapeRule: (inputs, { shape, view }) => {
    const x = only(inputs);
    const op = view ? 'view' : 'reshape';
    checkShape(op, shape);
    if (numelOf(shape) !== numelOf(x.shape)) {
      throw new ShapeError(
        `${op}(): shape '${formatShape(shape)}' is invalid for input of size ${numelOf(x.shape)}`,
      );
    }
    return [{ shape, dtype: x.dtype }];
  },
  impl: ([x], { shape, view }) => {
    const strides = computeStride(x!.shape, x!.strides, shape);
    if (strides) return viewOf(x!, shape, strides, x!.offset);
    if (view) {
      throw new RuntimeError(
        `view(): view size is not compatible with input tensor's size and stride (at least one dimension spans ` +
          `across two contiguous subspaces). Use .reshape(...) instead. (input shape ${formatShape(x!.shape)}, ` +
          `strides ${formatShape(x!.strides)}, requested shape ${formatShape(shape)})`,
      );
    }
    return [copyOf(x!, shape)];
  },
});

export const permutePrimitive = definePrimitive<{ dims: number[] }>({
  name: 'permute',
  family: 'views',
  shapeRule: (inputs, { dims }) => {
    const x = only(inputs);
    checkPermutation('permute', dims, x.shape.length);
    return [{ shape: dims.map((d) => x.shape[d]!), dtype: x.dtype }];
  },
  impl: ([x], { dims }) =>
    viewOf(
      x!,
      dims.map((d) => x!.shape[d]!),
      dims.map((d) => x!.strides[d]!),
      x!.offset,
    ),
});

export const expandPrimitive = definePrimitive<{ shape: number[] }>({
  name: 'expand',
  family: 'views',
  shapeRule: (inputs, { shape }) => {
    const x = only(inputs);
    checkExpand(x.shape, shape);
    return [{ shape, dtype: x.dtype }];
  },
  impl: ([x], { shape }) => {
    const lead = shape.length - x!.ndim;
    const strides = shape.map((s, i) => (i < lead || x!.shape[i - lead] !== s ? 0 : x!.strides[i - lead]!));
    return viewOf(x!, shape, strides, x!.offset);
  },
});

interface SliceParams {
  dim: number;
  /** 0 <= start <= end <= size (already clamped as Python does). */
  start: number;
  end: number;
  /** >= 1 */
  step: number;
}

export const slicePrimitive = definePrimitive<SliceParams>({
  name: 'slice',
  family: 'views',
  shapeRule: (inputs, { dim, start, end, step }) => {
    const x = only(inputs);
    checkDimParam('slice', dim, x.shape.length);
    const size = x.shape[dim]!;
    if (!(Number.isInteger(step) && step >= 1 && start >= 0 && start <= end && end <= size)) {
      throw new IndexError(
        `slice(): expected 0 <= start <= end <= ${size} and step >= 1 at dim ${dim}, but got start ${start}, ` +
          `end ${end}, step ${step}`,
      );
    }
    const shape = [...x.shape];
    shape[dim] = Math.ceil((end - start) / step);
    return [{ shape, dtype: x.dtype }];
  },
  impl: ([x], { dim, start, end, step }) => {
    const shape = [...x!.shape];
    const strides = [...x!.strides];
    shape[dim] = Math.ceil((end - start) / step);
    strides[dim] = strides[dim]! * step;
    return viewOf(x!, shape, strides, x!.offset + start * x!.strides[dim]!);
  },
});

export const selectPrimitive = definePrimitive<{ dim: number; index: number }>({
  name: 'select',
  family: 'views',
  shapeRule: (inputs, { dim, index }) => {
    const x = only(inputs);
    checkDimParam('select', dim, x.shape.length);
    if (!Number.isInteger(index) || index < 0 || index >= x.shape[dim]!) {
      throw new IndexError(
        `select(): index ${index} out of range for tensor of size ${formatShape(x.shape)} at dimension ${dim}`,
      );
    }
    return [{ shape: x.shape.filter((_, d) => d !== dim), dtype: x.dtype }];
  },
  impl: ([x], { dim, index }) =>
    viewOf(
      x!,
      x!.shape.filter((_, d) => d !== dim),
      x!.strides.filter((_, d) => d !== dim),
      x!.offset + index * x!.strides[dim]!,
    ),
});

export const squeezePrimitive = definePrimitive<{ dims: number[] }>({
  name: 'squeeze',
  family: 'views',
  shapeRule: (inputs, { dims }) => {
    const x = only(inputs);
    for (const d of dims) {
      checkDimParam('squeeze', d, x.shape.length);
      if (x.shape[d] !== 1) {
        throw new ShapeError(
          `squeeze(): cannot remove dim ${d} of size ${x.shape[d]} from ${formatShape(x.shape)}`,
        );
      }
    }
    return [{ shape: x.shape.filter((_, d) => !dims.includes(d)), dtype: x.dtype }];
  },
  impl: ([x], { dims }) =>
    viewOf(
      x!,
      x!.shape.filter((_, d) => !dims.includes(d)),
      x!.strides.filter((_, d) => !dims.includes(d)),
      x!.offset,
    ),
});

export const unsqueezePrimitive = definePrimitive<{ dim: number }>({
  name: 'unsqueeze',
  family: 'views',
  shapeRule: (inputs, { dim }) => {
    const x = only(inputs);
    checkDimParam('unsqueeze', dim, x.shape.length + 1);
    const shape = [...x.shape];
    shape.splice(dim, 0, 1);
    return [{ shape, dtype: x.dtype }];
  },
  impl: ([x], { dim }) => {
    const shape = [...x!.shape];
    const strides = [...x!.strides];
    // ATen's choice: the new dim steps over the dim it lands in front of
    const stride = dim >= x!.ndim ? 1 : x!.shape[dim]! * x!.strides[dim]!;
    shape.splice(dim, 0, 1);
    strides.splice(dim, 0, stride);
    return viewOf(x!, shape, strides, x!.offset);
  },
});

const sameAval = (inputs: readonly (Aval | null)[]): Aval[] => {
  const x = only(inputs);
  return [{ shape: x.shape, dtype: x.dtype }];
};

/** `x` itself when it is contiguous, else a contiguous copy. */
export const contiguousPrimitive = definePrimitive<Record<string, never>>({
  name: 'contiguous',
  family: 'views',
  shapeRule: sameAval,
  impl: ([x]) => [isContiguousLayout(x!.shape, x!.strides) ? x! : copyOf(x!)],
});

/** Always a fresh contiguous copy. */
export const clonePrimitive = definePrimitive<Record<string, never>>({
  name: 'clone',
  family: 'views',
  shapeRule: sameAval,
  impl: ([x]) => [copyOf(x!)],
});

/** A new tensor over the same storage, strides and offset (`detach`). */
export const aliasPrimitive = definePrimitive<Record<string, never>>({
  name: 'alias',
  family: 'views',
  shapeRule: sameAval,
  impl: ([x]) => viewOf(x!, x!.shape, x!.strides, x!.offset),
});

// ---- param checks shared by the rules ------------------------------------------------------------------

function checkDimParam(op: string, dim: number, ndim: number): void {
  if (!Number.isInteger(dim) || dim < 0 || dim >= ndim) {
    throw new IndexError(`${op}(): expected a normalised dim in [0, ${ndim - 1}], but got ${dim}`);
  }
}

function checkPermutation(op: string, dims: readonly number[], ndim: number): void {
  if (dims.length !== ndim) {
    throw new ShapeError(
      `${op}(): number of dimensions in the tensor input does not match the length of the desired ordering of ` +
        `dimensions i.e. input.dim() = ${ndim} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const seen = new Set<number>();
  for (const d of dims) {
    checkDimParam(op, d, ndim);
    if (seen.has(d))
      throw new ValueError(`${op}(): duplicate dims are not allowed (got ${formatShape(dims)})`);
    seen.add(d);
  }
}

function checkExpand(shape: Shape, target: Shape): void {
  if (target.length < shape.length) {
    throw new ShapeError(
      `expand(): the number of sizes provided (${target.length}) must be greater or equal to the number of ` +
        `dimensions in the tensor (${shape.length})`,
    );
  }
  const lead = target.length - shape.length;
  for (let i = 0; i < target.length; i++) {
    const size = target[i]!;
    if (i < lead) {
      if (!Number.isInteger(size) || size < 0) {
        throw new ShapeError(
          `expand(): The expanded size of the tensor (${size}) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      }
      continue;
    }
    const cur = shape[i - lead]!;
    if (size !== cur && cur !== 1) {
      throw new ShapeError(
        `expand(): The expanded size of the tensor (${size}) must match the existing size (${cur}) at ` +
          `non-singleton dimension ${i}.  Target sizes: ${formatShape(target)}.  Tensor sizes: ${formatShape(shape)}`,
      );
    }
    if (!Number.isInteger(size) || size < 0) {
      throw new ShapeError(`expand(): invalid size ${size} at dimension ${i} of ${formatShape(target)}`);
    }
  }
}

// ---- public functions: reshapes -------------------------------------------------------------------------

/** A view with `shape` (one -1 inferred); throws when the strides do not allow one (use `reshape`). */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return bind1(reshapePrimitive, [x], { shape: inferShape('view', shape, x.numel()), view: true });
}

/** `shape` (one -1 inferred): a view when the strides allow it, else a contiguous copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return bind1(reshapePrimitive, [x], { shape: inferShape('reshape', shape, x.numel()), view: false });
}

/** Merges dims `startDim..endDim` into one (a 0-d tensor becomes 1-d). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const start = normalizeDim(startDim, x.ndim, 'flatten');
  const end = normalizeDim(endDim, x.ndim, 'flatten');
  if (start > end) {
    throw new ValueError(
      `flatten() has invalid args: start_dim cannot come after end_dim (got start_dim ${startDim}, end_dim ${endDim})`,
    );
  }
  if (start === end) return x;
  const shape = [
    ...x.shape.slice(0, start),
    numelOf(x.shape.slice(start, end + 1)),
    ...x.shape.slice(end + 1),
  ];
  return reshape(x, shape);
}

/** Splits dim `dim` into `sizes` (one -1 inferred). */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.ndim, 'unflatten');
  if (sizes.length === 0) throw new ShapeError('unflatten(): sizes must be non-empty');
  checkShape('unflatten', sizes, true);
  const size = x.shape[d]!;
  const known = sizes.reduce((a, s) => (s === -1 ? a : a * s), 1);
  const infer = sizes.includes(-1);
  if (infer ? known === 0 || size % known !== 0 : known !== size) {
    throw new ShapeError(
      `unflatten(): Provided sizes ${formatShape(sizes)} don't multiply up to the size of dim ${dim} (${size}) ` +
        'in the input tensor',
    );
  }
  const inner = sizes.map((s) => (s === -1 ? size / known : s));
  return view(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

// ---- public functions: dim orderings --------------------------------------------------------------------

/** Reorders the dims: output dim i is input dim `dims[i]`. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const norm = dims.map((d) => normalizeDim(d, x.ndim, 'permute'));
  checkPermutation('permute', norm, x.ndim);
  return bind1(permutePrimitive, [x], { dims: norm });
}

/** Swaps two dims. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim(dim0, x.ndim, 'transpose');
  const b = normalizeDim(dim1, x.ndim, 'transpose');
  const dims = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return bind1(permutePrimitive, [x], { dims });
}

/** Transposes a 2-D tensor; 0-d and 1-d tensors come back as views of themselves. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) {
    throw new ShapeError(
      `t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D (shape ${formatShape(x.shape)})`,
    );
  }
  return transpose(x, 0, -1);
}

/** Moves dims `source` to positions `destination`; the other dims keep their order. */
export function movedim(
  x: Tensor,
  source: number | readonly number[],
  destination: number | readonly number[],
): Tensor {
  const src = typeof source === 'number' ? [source] : [...source];
  const dst = typeof destination === 'number' ? [destination] : [...destination];
  if (src.length !== dst.length) {
    throw new ShapeError(
      `movedim(): Invalid source or destination dims: source (${formatShape(src)} dims) should contain the same ` +
        `number of dims as destination (${formatShape(dst)} dims)`,
    );
  }
  const s = src.map((d) => normalizeDim(d, x.ndim, 'movedim'));
  const t = dst.map((d) => normalizeDim(d, x.ndim, 'movedim'));
  if (new Set(s).size !== s.length)
    throw new ValueError(`movedim(): repeated dim in \`source\` (${formatShape(src)})`);
  if (new Set(t).size !== t.length) {
    throw new ValueError(`movedim(): repeated dim in \`destination\` (${formatShape(dst)})`);
  }
  if (x.ndim === 0) return bind1(permutePrimitive, [x], { dims: [] });
  const dims = new Array<number>(x.ndim).fill(-1);
  s.forEach((d, i) => {
    dims[t[i]!] = d;
  });
  const rest = x.shape.map((_, i) => i).filter((i) => !s.includes(i));
  for (let i = 0, k = 0; i < x.ndim; i++) if (dims[i] === -1) dims[i] = rest[k++]!;
  return bind1(permutePrimitive, [x], { dims });
}

// ---- public functions: broadcasting and size-1 dims -----------------------------------------------------

/** Broadcasts size-1 dims (and new leading dims) to `shape` without copying; -1 keeps a size. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  const target = shape.map((s, i) => (s === -1 && i >= lead ? x.shape[i - lead]! : s));
  checkExpand(x.shape, target);
  return bind1(expandPrimitive, [x], { shape: target });
}

export function expandAs(x: Tensor, other: Tensor): Tensor {
  return expand(x, other.shape);
}

/** Inserts a size-1 dim at `dim` (in [-ndim-1, ndim]). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  return bind1(unsqueezePrimitive, [x], { dim: normalizeDim(dim, x.ndim + 1, 'unsqueeze') });
}

/** Removes size-1 dims: all of them, or those among `dim` (other sizes are left alone, as PyTorch does). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = normalizeDims(dim, x.ndim, 'squeeze').filter((d) => x.shape[d] === 1);
  return bind1(squeezePrimitive, [x], { dims });
}

// ---- public functions: indexing views -------------------------------------------------------------------

/** The sub-tensor at `index` along `dim` (negative index counts from the end); the dim is removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim, 'select');
  const size = x.shape[d]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(
      `select(): index ${index} out of range for tensor of size ${formatShape(x.shape)} at dimension ${d}`,
    );
  }
  return bind1(selectPrimitive, [x], { dim: d, index: index < 0 ? index + size : index });
}

/** Python's `x[..., start:end:step]` along `dim`: negative bounds count from the end, bounds are clamped. */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  if (x.ndim === 0) throw new IndexError('slice() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim, 'slice');
  if (!Number.isInteger(step) || step === 0)
    throw new ValueError(`slice(): step cannot be zero (got ${step})`);
  if (step < 0) throw new ValueError(`slice(): step must be greater than zero (got ${step})`);
  const size = x.shape[d]!;
  const clampBound = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = clampBound(start ?? 0);
  const e = Math.max(clampBound(end ?? size), s);
  return bind1(slicePrimitive, [x], { dim: d, start: s, end: e, step });
}

/** `length` elements of `dim` from `start` (which may be negative). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.ndim === 0) throw new IndexError('narrow() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim, 'narrow');
  const size = x.shape[d]!;
  if (!Number.isInteger(start) || start < -size || start > size) {
    throw new IndexError(
      `narrow(): start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`,
    );
  }
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(length) || length < 0 || s + length > size) {
    throw new IndexError(`narrow(): start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return bind1(slicePrimitive, [x], { dim: d, start: s, end: s + length, step: 1 });
}

/** Pieces along `dim`: of `splitSize` each (the last may be smaller), or of the listed sizes. */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  if (x.ndim === 0) throw new IndexError('split() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim, 'split');
  const size = x.shape[d]!;
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    const s = splitSizeOrSections;
    if (!Number.isInteger(s) || s < 0)
      throw new ValueError(`split(): split_size must be non-negative, but got ${s}`);
    if (s === 0 && size !== 0) {
      throw new ValueError(
        `split(): split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`,
      );
    }
    const n = s === 0 ? 1 : Math.max(Math.ceil(size / s), 1);
    sizes = Array.from({ length: n }, (_, i) => Math.min(s, size - i * s));
  } else {
    sizes = [...splitSizeOrSections];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ValueError(
        `split(): split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${formatShape(sizes)}`,
      );
    }
    if (sizes.reduce((a, b) => a + b, 0) !== size) {
      throw new ShapeError(
        `split(): split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ` +
          `${d}), but got split_sizes=${formatShape(sizes)}`,
      );
    }
  }
  let start = 0;
  return sizes.map((len) => {
    const piece = bind1(slicePrimitive, [x], { dim: d, start, end: start + len, step: 1 });
    start += len;
    return piece;
  });
}

/** `chunks` pieces along `dim` of ceil(size / chunks) each (fewer when they run out, as PyTorch). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) {
    throw new ValueError(`chunk(): chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  }
  if (x.ndim === 0) throw new ShapeError('chunk(): chunk expects at least a 1-dimensional tensor');
  const d = normalizeDim(dim, x.ndim, 'chunk');
  const size = x.shape[d]!;
  // an empty dim still gives `chunks` (empty) pieces
  if (size === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(size / chunks), d);
}

// ---- public functions: copies and aliases ---------------------------------------------------------------

/** `x` itself when its layout is already row-major, else a contiguous copy. */
export function contiguous(x: Tensor): Tensor {
  return bind1(contiguousPrimitive, [x], {});
}

/** A fresh contiguous copy. */
export function clone(x: Tensor): Tensor {
  return bind1(clonePrimitive, [x], {});
}

/** A new tensor sharing `x`'s storage (no autograd yet: the same values, a distinct object). */
export function detach(x: Tensor): Tensor {
  return bind1(aliasPrimitive, [x], {});
}

/** Whether `x`'s strides are row-major (size-1 dims ignored). Not observable inside a transform. */
export function isContiguous(x: Tensor): boolean {
  if (x.level > 0) {
    throw new RuntimeError(
      `isContiguous(): the memory layout of a tensor transformed by ${x.interpreter?.name ?? 'a transform'} is not ` +
        'observable; call it outside the transform',
    );
  }
  return isContiguousLayout(x.shape, x.strides);
}
