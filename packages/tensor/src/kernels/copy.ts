// Strided-to-strided copy: the kernel behind `cat` (each input into its slab of the output). Knows nothing of
// Tensor; mirrors ATen's `copy_` through TensorIterator.
import type { TypedArray } from '../dtype.js';
import { forEachRow } from './strided.js';

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
