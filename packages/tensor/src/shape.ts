// Shape and layout algebra shared by every op: sizes, strides, dim wrapping, broadcasting, and which strides view
// a tensor as another shape (ATen's computeStride), with the checks of dims, permutations and expansions.
import { IndexError, ShapeError, ValueError } from './errors.js';

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i]!;
  }
  return strides;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Wraps a possibly negative `dim` into [0, ndim), PyTorch's message when it is out of range. */
export function normalizeDim(dim: number, ndim: number, op = ''): number {
  const lo = -Math.max(ndim, 1);
  const hi = Math.max(ndim, 1) - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new IndexError(
      `${op ? `${op}(): ` : ''}Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** Wraps a list of dims (or all dims when omitted), sorted, rejecting repeats. */
export function normalizeDims(
  dims: number | readonly number[] | undefined | null,
  ndim: number,
  op = '',
): number[] {
  if (dims === undefined || dims === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : dims;
  // a 0-d tensor accepts dim 0 and -1, which reduce nothing
  const out = list.map((d) => normalizeDim(d, ndim, op));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new ValueError(`${op}(): dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return ndim === 0 ? [] : out.sort((a, b) => a - b);
}

/** NumPy/PyTorch broadcasting of any number of shapes. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = ndim - s.length + i;
      const size = s[i]!;
      const cur = out[j]!;
      if (cur === size || size === 1) continue;
      if (cur === 1) out[j] = size;
      else {
        throw new ShapeError(
          `${op}(): shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together: ` +
            `size ${cur} does not match size ${size} at dim ${j - ndim}`,
        );
      }
    }
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if it had the broadcast shape `target`. */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : strides[i]!;
  return out;
}

/** Checks a user-given shape: non-negative integers, at most one -1 when `allowInfer`. */
export function checkShape(op: string, shape: Shape, allowInfer = false): void {
  let infer = 0;
  for (const s of shape) {
    if (s === -1 && allowInfer) infer++;
    else if (!Number.isInteger(s) || s < 0) {
      throw new ShapeError(
        `${op}(): invalid shape ${formatShape(shape)}: sizes must be non-negative integers`,
      );
    }
  }
  if (infer > 1) throw new ShapeError(`${op}(): only one dimension can be inferred in ${formatShape(shape)}`);
}

/** Resolves a single -1 in `shape` against `numel` elements. */
export function inferShape(op: string, shape: Shape, numel: number): number[] {
  checkShape(op, shape, true);
  const known = shape.reduce((a, s) => (s === -1 ? a : a * s), 1);
  const out = [...shape];
  const k = shape.indexOf(-1);
  if (k >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new ShapeError(`${op}(): shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
    }
    out[k] = numel / known;
  } else if (known !== numel) {
    throw new ShapeError(`${op}(): shape '${formatShape(shape)}' is invalid for input of size ${numel}`);
  }
  return out;
}

/** PyTorch's `is_contiguous`: row-major strides, size-1 dims ignored; empty tensors are contiguous. */
export function isContiguousLayout(shape: Shape, strides: readonly number[]): boolean {
  if (numelOf(shape) === 0) return true;
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    if (size === 1) continue;
    if (strides[d] !== expected) return false;
    expected *= size;
  }
  return true;
}

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

/** A dim param already normalised by the public function: an integer in [0, ndim). */
export function checkDimParam(op: string, dim: number, ndim: number): void {
  if (!Number.isInteger(dim) || dim < 0 || dim >= ndim) {
    throw new IndexError(`${op}(): expected a normalised dim in [0, ${ndim - 1}], but got ${dim}`);
  }
}

/** `dims` is a permutation of [0, ndim) (PyTorch's permute messages). */
export function checkPermutation(op: string, dims: readonly number[], ndim: number): void {
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

/** `shape` expands to `target`: size-1 dims and new leading dims only (PyTorch's expand messages). */
export function checkExpand(shape: Shape, target: Shape): void {
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
