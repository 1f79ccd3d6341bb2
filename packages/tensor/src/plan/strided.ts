// The general strided iterator, shared by both backends: walk any number of operands that share a logical shape,
// each through its own strides, one contiguous-in-the-last-dim row at a time; and the strided copies built on it
// (ATen's `copy_` through TensorIterator). Knows nothing of Tensor.
import type { TypedArray } from '../dtype.js';

/** An operand as the kernels see it: a typed array read (or written) through strides from an offset. */
export interface StridedArray {
  readonly data: TypedArray;
  readonly offset: number;
  /** One stride per dim of the shape the kernel walks (0 along broadcast dims). */
  readonly strides: readonly number[];
}

export interface Coalesced {
  shape: number[];
  /** One stride list per operand, aligned with `shape`. */
  strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbouring dims that every operand walks contiguously, so that
 * e.g. a contiguous 4-d tensor becomes one flat row.
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Coalesced {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * size)) {
      outShape[last] = outShape[last]! * size;
      for (let k = 0; k < strides.length; k++) outStrides[k]![last] = strides[k]![d]!;
      continue;
    }
    outShape.push(size);
    for (let k = 0; k < strides.length; k++) outStrides[k]!.push(strides[k]![d]!);
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `row(offsets, n, innerStrides)` once per row of the last (coalesced) dim, with each operand's offset
 * of the row's first element. `offsets` is reused between calls: read it, do not keep it.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  starts: readonly number[],
  row: (offsets: number[], n: number, innerStrides: number[]) => void,
): void {
  for (const s of shape) if (s === 0) return;
  const c = coalesce(shape, strides);
  const nd = c.shape.length;
  const k = strides.length;
  const n = c.shape[nd - 1]!;
  const inner = c.strides.map((s) => s[nd - 1]!);
  const offsets = [...starts];
  const index = new Array<number>(nd).fill(0);
  for (;;) {
    row(offsets, n, inner);
    let d = nd - 2;
    for (; d >= 0; d--) {
      index[d]!++;
      for (let j = 0; j < k; j++) offsets[j]! += c.strides[j]![d]!;
      if (index[d]! < c.shape[d]!) break;
      for (let j = 0; j < k; j++) offsets[j]! -= c.strides[j]![d]! * c.shape[d]!;
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

/** Copies a strided view of `src` into the contiguous `out`. */
export function gatherStrided(
  src: TypedArray,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  out: TypedArray,
): void {
  let o = 0;
  forEachRow(shape, [strides], [offset], (offs, n, inner) => {
    const s = inner[0]!;
    let i = offs[0]!;
    if (s === 1) {
      out.set(src.subarray(i, i + n), o);
      o += n;
      return;
    }
    for (let j = 0; j < n; j++, i += s) out[o++] = src[i]!;
  });
}

/** Copies the elements of `shape` read through `srcStrides` from `srcOffset` to `dst` through `dstStrides`. */
export function copyStrided(
  src: TypedArray,
  srcOffset: number,
  srcStrides: readonly number[],
  dst: TypedArray,
  dstOffset: number,
  dstStrides: readonly number[],
  shape: readonly number[],
): void {
  forEachRow(shape, [srcStrides, dstStrides], [srcOffset, dstOffset], (offs, n, inner) => {
    let i = offs[0]!;
    let o = offs[1]!;
    const si = inner[0]!;
    const so = inner[1]!;
    if (si === 1 && so === 1) {
      dst.set(src.subarray(i, i + n), o);
      return;
    }
    for (let j = 0; j < n; j++, i += si, o += so) dst[o] = src[i]!;
  });
}
