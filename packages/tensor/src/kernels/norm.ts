// Normalisation kernels: per-group moments (two passes, float64) and the affine normalise step, over strided
// views split into "outer" dims (one group each) and "inner" dims (the elements of a group). ATen's
// batch_norm/group_norm/layer_norm CPU kernels compute the same quantities.
import type { TypedArray } from '../dtype.js';
import { forEachRow } from '../plan/strided.js';

/** Storage offsets of the elements of a strided view, in row-major order. */
export function elementOffsets(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Float64Array {
  let n = 1;
  for (const s of shape) n *= s;
  const out = new Float64Array(n);
  let k = 0;
  forEachRow(shape, [strides], [offset], (offs, len, inner) => {
    const s = inner[0]!;
    for (let j = 0, i = offs[0]!; j < len; j++, i += s) out[k++] = i;
  });
  return out;
}

/** A strided view of `data` seen as groups: `outer` dims pick a group, `inner` dims walk its elements. */
export interface GroupedView {
  data: TypedArray;
  offset: number;
  outerShape: readonly number[];
  outerStrides: readonly number[];
  innerShape: readonly number[];
  innerStrides: readonly number[];
}

export interface Moments {
  mean: Float64Array;
  /** Biased (population) variance. */
  variance: Float64Array;
  /** Elements per group. */
  count: number;
}

/** The rows of a group's inner dims, shared by every group: each operand's row start (relative), row length and stride. */
interface Rows {
  starts: Float64Array[];
  length: number;
  strides: number[];
}

function innerRows(shape: readonly number[], strides: readonly (readonly number[])[]): Rows {
  const starts: number[][] = strides.map(() => []);
  let length = 0;
  let rowStrides = strides.map(() => 0);
  forEachRow(
    shape,
    strides,
    strides.map(() => 0),
    (offs, n, inner) => {
      offs.forEach((o, k) => {
        starts[k]!.push(o);
      });
      length = n;
      rowStrides = [...inner];
    },
  );
  return { starts: starts.map((r) => Float64Array.from(r)), length, strides: rowStrides };
}

/** Mean, then variance around it, of each group (row-major order of the outer dims). */
export function groupMoments(x: GroupedView): Moments {
  const starts = elementOffsets(x.outerShape, x.outerStrides, x.offset);
  const rows = innerRows(x.innerShape, [x.innerStrides]);
  const rowStarts = rows.starts[0]!;
  const n = rows.length;
  const s = rows.strides[0]!;
  let count = 1;
  for (const size of x.innerShape) count *= size;
  const mean = new Float64Array(starts.length);
  const variance = new Float64Array(starts.length);
  const data = x.data;
  for (let g = 0; g < starts.length; g++) {
    let sum = 0;
    for (let r = 0; r < rowStarts.length; r++) {
      for (let j = 0, i = starts[g]! + rowStarts[r]!; j < n; j++, i += s) sum += data[i]!;
    }
    const m = sum / count;
    let sq = 0;
    for (let r = 0; r < rowStarts.length; r++) {
      for (let j = 0, i = starts[g]! + rowStarts[r]!; j < n; j++, i += s) {
        const d = data[i]! - m;
        sq += d * d;
      }
    }
    mean[g] = m;
    variance[g] = sq / count;
  }
  return { mean, variance, count };
}

/** Where the affine step writes: the output's storage seen through the same outer/inner split as the input. */
export interface GroupedOutput {
  data: Float32Array;
  offset: number;
  outerStrides: readonly number[];
  innerStrides: readonly number[];
}

/**
 * out[g, i] = x[g, i] * scale[g] + shift[g], then `* weight[i] + bias[i]` when given (`weight`/`bias` are
 * row-major over the inner dims; either may be null).
 */
export function affineByGroup(
  x: GroupedView,
  out: GroupedOutput,
  scale: Float64Array,
  shift: Float64Array,
  weight: TypedArray | null,
  bias: TypedArray | null,
): void {
  const xStarts = elementOffsets(x.outerShape, x.outerStrides, x.offset);
  const outStarts = elementOffsets(x.outerShape, out.outerStrides, out.offset);
  const rows = innerRows(x.innerShape, [x.innerStrides, out.innerStrides]);
  const [xRows, outRows] = rows.starts as [Float64Array, Float64Array];
  const [sx, so] = rows.strides as [number, number];
  const n = rows.length;
  const src = x.data;
  const dst = out.data;
  for (let g = 0; g < xStarts.length; g++) {
    const a = scale[g]!;
    const b = shift[g]!;
    for (let r = 0, k = 0; r < xRows.length; r++) {
      let i = xStarts[g]! + xRows[r]!;
      let o = outStarts[g]! + outRows[r]!;
      if (!weight && !bias) {
        for (let j = 0; j < n; j++, i += sx, o += so) dst[o] = src[i]! * a + b;
        continue;
      }
      for (let j = 0; j < n; j++, i += sx, o += so, k++) {
        let y = src[i]! * a + b;
        if (weight) y *= weight[k]!;
        if (bias) y += bias[k]!;
        dst[o] = y;
      }
    }
  }
}
