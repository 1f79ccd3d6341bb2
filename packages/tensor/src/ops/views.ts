// View ops: zero-copy rewrites of {shape, strides, offset} over a shared Storage, plus the copies that make a
// tensor contiguous. Mirrors ATen's TensorShape.cpp (expand, slice, select, squeeze, split); the layout algebra
// (computeStride, the expand and permutation checks) is in shape.ts.
import { IndexError, RuntimeError, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { gatherStrided } from '../plan/strided.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import {
  checkDimParam,
  checkExpand,
  checkPermutation,
  checkShape,
  computeStride,
  formatShape,
  inferShape,
  isContiguousLayout,
  normalizeDim,
  normalizeDims,
  numelOf,
  type Shape,
} from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectInteger, expectIntegers, expectTensor } from '../validate.js';
import { empty, viewOf } from './creation.js';

type NoParams = Record<string, never>;

/** A fresh contiguous copy of `x` with `shape` (its own by default). */
function copyOf(x: Tensor, shape: Shape = x.shape): Tensor {
  const out = empty({ shape, dtype: x.dtype });
  gatherStrided(x.storage.data, x.offset, x.shape, x.strides, out.storage.data);
  return out;
}

function only(inputs: readonly (Aval | null)[]): Aval {
  return inputs[0]!;
}

const sameAval = (inputs: readonly (Aval | null)[]): Aval[] => {
  const x = only(inputs);
  return [{ shape: x.shape, dtype: x.dtype }];
};

export interface ReshapeParams {
  /** The new shape, -1 already resolved. */
  shape: number[];
  /** `view` semantics: throw rather than copy when the strides do not allow a view. */
  view: boolean;
}

export interface SliceParams {
  dim: number;
  /** 0 <= start <= end <= size (already clamped as Python does). */
  start: number;
  end: number;
  /** >= 1 */
  step: number;
}

/** The view primitives (each output is a view of its input's storage but `clone`'s and a copying `reshape`'s). */
export const viewsPrimitives = /* @__PURE__ */ defineFamily('views', {
  reshape: {
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
      if (strides) return [viewOf(x!, shape, strides, x!.offset)];
      if (view) {
        throw new RuntimeError(
          `view(): view size is not compatible with input tensor's size and stride (at least one dimension spans ` +
            `across two contiguous subspaces). Use .reshape(...) instead. (input shape ${formatShape(x!.shape)}, ` +
            `strides ${formatShape(x!.strides)}, requested shape ${formatShape(shape)})`,
        );
      }
      return [copyOf(x!, shape)];
    },
  } satisfies PrimitiveSpec<ReshapeParams>,
  permute: {
    shapeRule: (inputs, { dims }) => {
      const x = only(inputs);
      checkPermutation('permute', dims, x.shape.length);
      return [{ shape: dims.map((d) => x.shape[d]!), dtype: x.dtype }];
    },
    impl: ([x], { dims }, [out]) => [
      viewOf(
        x!,
        out!.shape,
        dims.map((d) => x!.strides[d]!),
        x!.offset,
      ),
    ],
  } satisfies PrimitiveSpec<{ dims: number[] }>,
  expand: {
    shapeRule: (inputs, { shape }) => {
      const x = only(inputs);
      checkExpand(x.shape, shape);
      return [{ shape, dtype: x.dtype }];
    },
    impl: ([x], { shape }) => {
      const lead = shape.length - x!.ndim;
      const strides = shape.map((s, i) => (i < lead || x!.shape[i - lead] !== s ? 0 : x!.strides[i - lead]!));
      return [viewOf(x!, shape, strides, x!.offset)];
    },
  } satisfies PrimitiveSpec<{ shape: number[] }>,
  slice: {
    shapeRule: (inputs, { dim, start, end, step }) => {
      const x = only(inputs);
      checkDimParam('slice', dim, x.shape.length);
      const size = x.shape[dim]!;
      const valid = [start, end, step].every(Number.isInteger) && step >= 1 && 0 <= start && start <= end;
      if (!(valid && end <= size)) {
        throw new IndexError(
          `slice(): expected integers 0 <= start <= end <= ${size} and step >= 1 at dim ${dim}, but got start ` +
            `${start}, end ${end}, step ${step}`,
        );
      }
      const shape = [...x.shape];
      shape[dim] = Math.ceil((end - start) / step);
      return [{ shape, dtype: x.dtype }];
    },
    impl: ([x], { dim, start, step }, [out]) => {
      const strides = [...x!.strides];
      strides[dim] = strides[dim]! * step;
      return [viewOf(x!, out!.shape, strides, x!.offset + start * x!.strides[dim]!)];
    },
  } satisfies PrimitiveSpec<SliceParams>,
  select: {
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
    impl: ([x], { dim, index }, [out]) => [
      viewOf(
        x!,
        out!.shape,
        x!.strides.filter((_, d) => d !== dim),
        x!.offset + index * x!.strides[dim]!,
      ),
    ],
  } satisfies PrimitiveSpec<{ dim: number; index: number }>,
  squeeze: {
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
    impl: ([x], { dims }, [out]) => [
      viewOf(
        x!,
        out!.shape,
        x!.strides.filter((_, d) => !dims.includes(d)),
        x!.offset,
      ),
    ],
  } satisfies PrimitiveSpec<{ dims: number[] }>,
  unsqueeze: {
    shapeRule: (inputs, { dim }) => {
      const x = only(inputs);
      checkDimParam('unsqueeze', dim, x.shape.length + 1);
      const shape = [...x.shape];
      shape.splice(dim, 0, 1);
      return [{ shape, dtype: x.dtype }];
    },
    impl: ([x], { dim }, [out]) => {
      const strides = [...x!.strides];
      // ATen's choice: the new dim steps over the dim it lands in front of
      strides.splice(dim, 0, dim >= x!.ndim ? 1 : x!.shape[dim]! * x!.strides[dim]!);
      return [viewOf(x!, out!.shape, strides, x!.offset)];
    },
  } satisfies PrimitiveSpec<{ dim: number }>,
  /** `x` itself when it is contiguous, else a contiguous copy. */
  contiguous: {
    shapeRule: sameAval,
    impl: ([x]) => [isContiguousLayout(x!.shape, x!.strides) ? x! : copyOf(x!)],
  } satisfies PrimitiveSpec<NoParams>,
  /** Always a fresh contiguous copy. */
  clone: {
    kind: 'perElement',
    shapeRule: sameAval,
    impl: ([x]) => [copyOf(x!)],
  } satisfies PrimitiveSpec<NoParams, 'perElement'>,
  /** A new tensor over the same storage, strides and offset, through which no gradient flows. */
  detach: {
    kind: 'perElement',
    shapeRule: sameAval,
    impl: ([x]) => [viewOf(x!, x!.shape, x!.strides, x!.offset)],
  } satisfies PrimitiveSpec<NoParams, 'perElement'>,
});

const P = viewsPrimitives;

// ---- public functions: reshapes -------------------------------------------------------------------------

/** A view with `shape` (one -1 inferred); throws when the strides do not allow one (use `reshape`). */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  expectTensor('view', 'input', x);
  expectIntegers('view', 'shape', shape);
  return bind1(P.reshape, [x], { shape: inferShape('view', shape, x.numel()), view: true });
}

/** `shape` (one -1 inferred): a view when the strides allow it, else a contiguous copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  expectTensor('reshape', 'input', x);
  expectIntegers('reshape', 'shape', shape);
  return bind1(P.reshape, [x], { shape: inferShape('reshape', shape, x.numel()), view: false });
}

/** Merges dims `startDim..endDim` into one (a 0-d tensor becomes 1-d). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  expectTensor('flatten', 'input', x);
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
  expectTensor('unflatten', 'input', x);
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
  expectTensor('permute', 'input', x);
  expectIntegers('permute', 'dims', dims);
  const norm = dims.map((d) => normalizeDim(d, x.ndim, 'permute'));
  checkPermutation('permute', norm, x.ndim);
  return bind1(P.permute, [x], { dims: norm });
}

/** Swaps two dims. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  expectTensor('transpose', 'input', x);
  const a = normalizeDim(dim0, x.ndim, 'transpose');
  const b = normalizeDim(dim1, x.ndim, 'transpose');
  const dims = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return bind1(P.permute, [x], { dims });
}

/** Transposes a 2-D tensor; 0-d and 1-d tensors come back as views of themselves. */
export function t(x: Tensor): Tensor {
  expectTensor('t', 'input', x);
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
  expectTensor('movedim', 'input', x);
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
  if (x.ndim === 0) return bind1(P.permute, [x], { dims: [] });
  const dims = new Array<number>(x.ndim).fill(-1);
  s.forEach((d, i) => {
    dims[t[i]!] = d;
  });
  const rest = x.shape.map((_, i) => i).filter((i) => !s.includes(i));
  for (let i = 0, k = 0; i < x.ndim; i++) if (dims[i] === -1) dims[i] = rest[k++]!;
  return bind1(P.permute, [x], { dims });
}

// ---- public functions: broadcasting and size-1 dims -----------------------------------------------------

/** Broadcasts size-1 dims (and new leading dims) to `shape` without copying; -1 keeps a size. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  expectTensor('expand', 'input', x);
  expectIntegers('expand', 'shape', shape);
  const lead = shape.length - x.ndim;
  const target = shape.map((s, i) => (s === -1 && i >= lead ? x.shape[i - lead]! : s));
  checkExpand(x.shape, target);
  return bind1(P.expand, [x], { shape: target });
}

export function expandAs(x: Tensor, other: Tensor): Tensor {
  expectTensor('expandAs', 'input', x);
  return expand(x, other.shape);
}

/** Inserts a size-1 dim at `dim` (in [-ndim-1, ndim]). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  expectTensor('unsqueeze', 'input', x);
  return bind1(P.unsqueeze, [x], { dim: normalizeDim(dim, x.ndim + 1, 'unsqueeze') });
}

/** Removes size-1 dims: all of them, or those among `dim` (other sizes are left alone, as PyTorch does). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  expectTensor('squeeze', 'input', x);
  const dims = normalizeDims(dim, x.ndim, 'squeeze').filter((d) => x.shape[d] === 1);
  return bind1(P.squeeze, [x], { dims });
}

// ---- public functions: indexing views -------------------------------------------------------------------

/** The sub-tensor at `index` along `dim` (negative index counts from the end); the dim is removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  expectTensor('select', 'input', x);
  if (x.ndim === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim, 'select');
  const size = x.shape[d]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(
      `select(): index ${index} out of range for tensor of size ${formatShape(x.shape)} at dimension ${d}`,
    );
  }
  return bind1(P.select, [x], { dim: d, index: index < 0 ? index + size : index });
}

/** Python's `x[..., start:end:step]` along `dim`: negative bounds count from the end, bounds are clamped. */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  expectTensor('slice', 'input', x);
  if (x.ndim === 0) throw new IndexError('slice() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.ndim, 'slice');
  for (const [arg, bound] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (bound !== null && bound !== undefined) expectInteger('slice', arg, bound);
  }
  expectInteger('slice', 'step', step);
  if (step === 0) throw new ValueError('slice(): step cannot be zero');
  if (step < 0) throw new ValueError(`slice(): step must be greater than zero (got ${step})`);
  const size = x.shape[d]!;
  const clampBound = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = clampBound(start ?? 0);
  const e = Math.max(clampBound(end ?? size), s);
  return bind1(P.slice, [x], { dim: d, start: s, end: e, step });
}

/** `length` elements of `dim` from `start` (which may be negative). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  expectTensor('narrow', 'input', x);
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
  return bind1(P.slice, [x], { dim: d, start: s, end: s + length, step: 1 });
}

/** Pieces along `dim`: of `splitSize` each (the last may be smaller), or of the listed sizes. */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  expectTensor('split', 'input', x);
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
    const piece = bind1(P.slice, [x], { dim: d, start, end: start + len, step: 1 });
    start += len;
    return piece;
  });
}

/** `chunks` pieces along `dim` of ceil(size / chunks) each (fewer when they run out, as PyTorch). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  expectTensor('chunk', 'input', x);
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
  expectTensor('contiguous', 'input', x);
  return bind1(P.contiguous, [x], {});
}

/** A fresh contiguous copy. */
export function clone(x: Tensor): Tensor {
  expectTensor('clone', 'input', x);
  return bind1(P.clone, [x], {});
}

/** A new tensor sharing `x`'s storage through which no gradient flows (PyTorch's `detach`). */
export function detach(x: Tensor): Tensor {
  expectTensor('detach', 'input', x);
  return bind1(P.detach, [x], {});
}

/** Whether `x`'s strides are row-major (size-1 dims ignored). Not observable inside a transform. */
export function isContiguous(x: Tensor): boolean {
  expectTensor('isContiguous', 'input', x);
  if (x.level > 0) {
    throw new RuntimeError(
      `isContiguous(): the memory layout of a tensor transformed by ${x.interpreter?.name ?? 'a transform'} is not ` +
        'observable; call it outside the transform',
    );
  }
  return isContiguousLayout(x.shape, x.strides);
}
