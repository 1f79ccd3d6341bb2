// Shape arithmetic shared by every op: sizes, strides, dim wrapping and broadcasting.
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
