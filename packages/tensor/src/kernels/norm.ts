// Normalisation kernels: per-group moments (two passes, float64), the fold of statistics and affine weights into a
// scale and shift, the running-stat update, and the affine normalise step, over strided
// views split into "outer" dims (one group each) and "inner" dims (the elements of a group). ATen's
// batch_norm/group_norm/layer_norm CPU kernels compute the same quantities.
import type { TypedArray } from '../dtype.js';
import type { GroupedOutput, GroupedView, Kernels } from '../kernel-interface.js';
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

/**
 * out[g, i] = x[g, i] * scale[g] + shift[g], then `* weight[i] + bias[i]` when given (`weight`/`bias` are
 * row-major over the inner dims; either may be null).
 */
export const affineByGroup: Kernels['affineByGroup'] = (x, out, scale, shift, weight, bias) => {
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
};

/**
 * Per-group scale and shift folding the statistics and the affine weight and bias (`channelOf(g)` is group g's
 * channel in them): y = x * scale[g] + shift[g] normalises group g.
 */
export function foldAffine(
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  eps: number,
  weight: ArrayLike<number> | null,
  bias: ArrayLike<number> | null,
  channelOf: (g: number) => number = (g) => g,
): { scale: Float64Array; shift: Float64Array } {
  const n = mean.length;
  const scale = new Float64Array(n);
  const shift = new Float64Array(n);
  for (let g = 0; g < n; g++) {
    const c = channelOf(g);
    const a = (weight ? weight[c]! : 1) / Math.sqrt(variance[g]! + eps);
    scale[g] = a;
    shift[g] = (bias ? bias[c]! : 0) - mean[g]! * a;
  }
  return { scale, shift };
}

/** running[c] = (1 - f) * running[c] + f * batch[c], with f = factor(c), through the running stat's stride. */
export function updateRunning(
  data: TypedArray,
  offset: number,
  stride: number,
  batch: ArrayLike<number>,
  factor: (c: number) => number,
): void {
  for (let c = 0; c < batch.length; c++) {
    const i = offset + c * stride;
    const f = factor(c);
    data[i] = (1 - f) * data[i]! + f * batch[c]!;
  }
}

/**
 * The moments of [N, G] groups spread over the [N, C] (sample, channel) pairs they cover, C / G channels each:
 * group norm's statistics laid out per channel for the affine step.
 */
export function expandGroups(stats: Moments, n: number, c: number, groups: number): Moments {
  const perGroup = c / groups;
  const groupOf = (nc: number) => Math.floor(nc / c) * groups + Math.floor((nc % c) / perGroup);
  return {
    mean: Float64Array.from({ length: n * c }, (_, nc) => stats.mean[groupOf(nc)]!),
    variance: Float64Array.from({ length: n * c }, (_, nc) => stats.variance[groupOf(nc)]!),
    count: stats.count,
  };
}

/** Per-group sums of `g` and of `g * (x - mean[group])` (float64), over two views of one grouped shape. */
export function gradientSums(
  g: GroupedView,
  x: GroupedView,
  mean: ArrayLike<number>,
): { sumG: Float64Array; sumGX: Float64Array } {
  const gStarts = elementOffsets(g.outerShape, g.outerStrides, g.offset);
  const xStarts = elementOffsets(x.outerShape, x.outerStrides, x.offset);
  const rows = innerRows(g.innerShape, [g.innerStrides, x.innerStrides]);
  const [gRows, xRows] = rows.starts as [Float64Array, Float64Array];
  const [sg, sx] = rows.strides as [number, number];
  const n = rows.length;
  const sumG = new Float64Array(gStarts.length);
  const sumGX = new Float64Array(gStarts.length);
  for (let k = 0; k < gStarts.length; k++) {
    const m = mean[k]!;
    let s = 0;
    let sx2 = 0;
    for (let r = 0; r < gRows.length; r++) {
      let i = gStarts[k]! + gRows[r]!;
      let j = xStarts[k]! + xRows[r]!;
      for (let e = 0; e < n; e++, i += sg, j += sx) {
        const v = g.data[i]!;
        s += v;
        sx2 += v * (x.data[j]! - m);
      }
    }
    sumG[k] = s;
    sumGX[k] = sx2;
  }
  return { sumG, sumGX };
}

/** out[group, i] = g[group, i] * a[group] + x[group, i] * b[group] + d[group], over two views of one grouped shape. */
export function combineByGroup(
  g: GroupedView,
  x: GroupedView,
  out: GroupedOutput,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  d: ArrayLike<number>,
): void {
  const gStarts = elementOffsets(g.outerShape, g.outerStrides, g.offset);
  const xStarts = elementOffsets(x.outerShape, x.outerStrides, x.offset);
  const outStarts = elementOffsets(g.outerShape, out.outerStrides, out.offset);
  const rows = innerRows(g.innerShape, [g.innerStrides, x.innerStrides, out.innerStrides]);
  const [gRows, xRows, outRows] = rows.starts as [Float64Array, Float64Array, Float64Array];
  const [sg, sx, so] = rows.strides as [number, number, number];
  const n = rows.length;
  const dst = out.data;
  for (let k = 0; k < gStarts.length; k++) {
    const [ak, bk, dk] = [a[k]!, b[k]!, d[k]!];
    for (let r = 0; r < gRows.length; r++) {
      let i = gStarts[k]! + gRows[r]!;
      let j = xStarts[k]! + xRows[r]!;
      let o = outStarts[k]! + outRows[r]!;
      for (let e = 0; e < n; e++, i += sg, j += sx, o += so) dst[o] = g.data[i]! * ak + x.data[j]! * bk + dk;
    }
  }
}
