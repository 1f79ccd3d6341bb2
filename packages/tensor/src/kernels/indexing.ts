// Gathers by index: along one dim with an index tensor (`gather`), and by one index list per dim (NumPy's
// `ix_` indexing, behind `indexSelect`, `pad`). Plain loops over typed arrays; knows nothing of Tensor.
import type { TypedArray } from '../dtype.js';
import { forEachRow } from '../plan/strided.js';

/**
 * `out[i] = src[i with i[dim] replaced by index[i]]` for every i of `shape` (the index's shape), reading `src`
 * through `srcStrides` and the contiguous `index` row-major. Indices must already be in range.
 */
export function gatherDim(
  src: TypedArray,
  srcOffset: number,
  srcStrides: readonly number[],
  dim: number,
  index: Int32Array,
  shape: readonly number[],
  out: TypedArray,
): void {
  const dimStride = srcStrides[dim] ?? 0;
  // walk the output with `src`'s strides, its `dim` stride zeroed (the index supplies that coordinate)
  const base = srcStrides.map((s, d) => (d === dim ? 0 : s));
  let o = 0;
  forEachRow(shape, [base], [srcOffset], (offs, n, inner) => {
    let i = offs[0]!;
    const s = inner[0]!;
    for (let j = 0; j < n; j++, i += s, o++) out[o] = src[i + index[o]! * dimStride]!;
  });
}

/**
 * `out[i0, ..., ik] = src[maps[0][i0], ..., maps[k][ik]]`, or `fill` where any map holds -1. The output's
 * shape is the maps' lengths, written row-major.
 */
export function gatherIx(
  src: TypedArray,
  srcOffset: number,
  srcStrides: readonly number[],
  maps: readonly Int32Array[],
  out: TypedArray,
  fill: number,
): void {
  const nd = maps.length;
  if (nd === 0) {
    out[0] = src[srcOffset]!;
    return;
  }
  if (maps.some((m) => m.length === 0)) return;
  // per dim, the storage step of each index (NaN for a fill position, so any sum through it is NaN)
  const steps = maps.map((m, d) => Float64Array.from(m, (i) => (i < 0 ? Number.NaN : i * srcStrides[d]!)));
  const last = steps[nd - 1]!;
  const n = last.length;
  const index = new Array<number>(nd).fill(0);
  let o = 0;
  for (;;) {
    let base = srcOffset;
    for (let d = 0; d < nd - 1; d++) base += steps[d]![index[d]!]!;
    if (Number.isNaN(base)) {
      out.fill(fill, o, o + n);
      o += n;
    } else {
      for (let j = 0; j < n; j++) {
        const p = base + last[j]!;
        out[o++] = Number.isNaN(p) ? fill : src[p]!;
      }
    }
    let d = nd - 2;
    for (; d >= 0; d--) {
      index[d]!++;
      if (index[d]! < steps[d]!.length) break;
      index[d] = 0;
    }
    if (d < 0) return;
  }
}
