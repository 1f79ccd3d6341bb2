// Direct 2-D pooling kernels and their backwards (and max pooling's double backward): strided [N, C, H, W] operands,
// contiguous float32 outputs. Mirrors ATen's CPU kernels (MaxPoolKernel.cpp, AvgPoolKernel.cpp, AdaptivePooling.h's
// start/end indices).
import type { ImageBatch, Kernels, PoolWindow } from '../kernel-interface.js';

/** A [height, width] pair. */
type Size = readonly [number, number];

/** Offset of plane `p` (= n * C + c) of `b`: its [n, c, 0, 0] element. */
function planeOffset(b: ImageBatch, p: number): number {
  const c = b.shape[1];
  return b.offset + Math.floor(p / c) * b.strides[0] + (p % c) * b.strides[1];
}

/** Calls `plane(offset, p)` for each [n, c] plane `p` of `b`, in order, with the offset of its [0, 0] element. */
function forEachPlane(b: ImageBatch, plane: (offset: number, p: number) => void): void {
  const planes = b.shape[0] * b.shape[1];
  for (let p = 0; p < planes; p++) plane(planeOffset(b, p), p);
}

/** The [H, W] of `b`. */
function spatialSize(b: ImageBatch): Size {
  return [b.shape[2], b.shape[3]];
}

/** Element [i, j] of the plane of `b` at `offset`. */
function elementAt(b: ImageBatch, offset: number, i: number, j: number): number {
  return b.data[offset + i * b.strides[2] + j * b.strides[3]]!;
}

// ---- max pooling ----------------------------------------------------------------------------------------------

/**
 * For each output index, the kernel taps [lo, hi) that land inside the input: tap t reads
 * o * stride - pad + t * dilation.
 */
function validTaps(outSize: number, size: number, k: number, stride: number, pad: number, dilation: number) {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const start = o * stride - pad;
    lo[o] = start < 0 ? Math.ceil(-start / dilation) : 0;
    hi[o] = Math.min(k, Math.floor((size - 1 - start) / dilation) + 1);
  }
  return { lo, hi };
}

/** Where the max of window [oh, ow] is: its offset in the input's data and its position `ih * W + iw` in the plane. */
type PickMax = (oh: number, ow: number, index: number, position: number) => void;

/**
 * Max pooling's scan (PyTorch's CPU kernel), shared by the forward, the backward and the double backward: returns `scan(base, pick)`, which
 * reads each window of the plane of `x` at `base` row by row, a greater value or a nan replacing the max
 * (`val > max || isnan(val)`: ties go to the first maximum, the last nan wins, a window of -inf keeps its first tap),
 * and calls `pick` for each output element in order; `index` and `position` are -1 for a window with no tap inside
 * the input.
 */
function maxScanner(
  x: ImageBatch,
  outH: number,
  outW: number,
  w: PoolWindow,
): (base: number, pick: PickMax) => void {
  const [, , h, wd] = x.shape;
  const [, , sh, sw] = x.strides;
  const [strideH, strideW] = w.stride;
  const [padH, padW] = w.padding;
  const [dilationH, dilationW] = w.dilation;
  const rows = validTaps(outH, h, w.kernelSize[0], strideH, padH, dilationH);
  const cols = validTaps(outW, wd, w.kernelSize[1], strideW, padW, dilationW);
  const tapH = dilationH * sh;
  const tapW = dilationW * sw;
  const data = x.data;
  return (base, pick) => {
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * strideH - padH;
      const iLo = rows.lo[oh]!;
      const iHi = rows.hi[oh]!;
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * strideW - padW;
        const w0 = base + ih0 * sh + iw0 * sw;
        const jLo = cols.lo[ow]!;
        const jHi = cols.hi[ow]!;
        if (iLo >= iHi || jLo >= jHi) {
          pick(oh, ow, -1, -1);
          continue;
        }
        let max = Number.NEGATIVE_INFINITY;
        let iMax = iLo;
        let jMax = jLo;
        for (let i = iLo; i < iHi; i++) {
          const row = w0 + i * tapH;
          for (let j = jLo; j < jHi; j++) {
            const v = data[row + j * tapW]!;
            // biome-ignore lint/suspicious/noSelfCompare: v !== v is the fast nan test in this hot loop
            if (v > max || v !== v) {
              max = v;
              iMax = i;
              jMax = j;
            }
          }
        }
        const position = (ih0 + iMax * dilationH) * wd + iw0 + jMax * dilationW;
        pick(oh, ow, w0 + iMax * tapH + jMax * tapW, position);
      }
    }
  };
}

/** Max over each window, padding never chosen; a nan in a window is the result (PyTorch's `val > max || isnan`). */
export const maxPool2dKernel: Kernels['maxPool2d'] = (x, outH, outW, w, out) => {
  const scan = maxScanner(x, outH, outW, w);
  const data = x.data;
  let o = 0;
  forEachPlane(x, (base) =>
    scan(base, (_oh, _ow, index) => {
      out[o++] = index < 0 ? Number.NEGATIVE_INFINITY : data[index]!;
    }),
  );
};

/**
 * The gradient of max pooling into the contiguous `gradInput` of `x`'s shape: each element of `gradOutput`
 * [N, C, OH, OW] goes to the position of `x` its window's max is at (the forward's scan); a position picked by
 * several windows gets the sum, in float64. A window with no tap inside the input (its max is -inf) passes nothing on.
 */
export function maxPool2dBackwardKernel(
  gradOutput: ImageBatch,
  x: ImageBatch,
  w: PoolWindow,
  gradInput: Float32Array,
): void {
  const [, , outH, outW] = gradOutput.shape;
  const scan = maxScanner(x, outH, outW, w);
  const sums = new Float64Array(x.shape[2] * x.shape[3]);
  forEachPlane(x, (base, p) => {
    const grad = planeOffset(gradOutput, p);
    sums.fill(0);
    scan(base, (oh, ow, index, position) => {
      if (index >= 0) sums[position]! += elementAt(gradOutput, grad, oh, ow);
    });
    gradInput.set(sums, p * sums.length);
  });
}

/**
 * Max pooling's double backward (ATen's `max_pool_double_backward`) into the contiguous [N, C, OH, OW] `out`: each
 * window of `x` reads `source` (strided, of x's shape) at the position the forward's scan picks as its max; a window
 * with no tap inside the input gives 0. It is the transpose of `maxPool2dBackwardKernel` in gradOutput.
 */
export function maxPool2dDoubleBackwardKernel(
  source: ImageBatch,
  x: ImageBatch,
  outH: number,
  outW: number,
  w: PoolWindow,
  out: Float32Array,
): void {
  const scan = maxScanner(x, outH, outW, w);
  const wd = x.shape[3];
  let o = 0;
  forEachPlane(x, (base, p) => {
    const plane = planeOffset(source, p);
    scan(base, (_oh, _ow, index, position) => {
      out[o++] = index < 0 ? 0 : elementAt(source, plane, Math.floor(position / wd), position % wd);
    });
  });
}

// ---- average pooling ------------------------------------------------------------------------------------------

/** Along one dim, output index o reads input indices [lo[o], hi[o]) and counts `count[o]` of them in its divisor. */
interface Spans {
  lo: Int32Array;
  hi: Int32Array;
  count: Int32Array;
}

/** The windows of an average: window [oh, ow] is rows x cols, divided by `divisorOverride` or the product of counts. */
interface MeanWindows {
  rows: Spans;
  cols: Spans;
  divisorOverride: number | null;
}

function spans(outSize: number, span: (o: number) => [lo: number, hi: number, count: number]): Spans {
  const s = { lo: new Int32Array(outSize), hi: new Int32Array(outSize), count: new Int32Array(outSize) };
  for (let o = 0; o < outSize; o++) [s.lo[o], s.hi[o], s.count[o]] = span(o);
  return s;
}

/** avg_pool2d's spans: the window clipped to the padded input (counted when `countIncludePad`), then to the input. */
function avgSpans(
  outSize: number,
  size: number,
  k: number,
  stride: number,
  pad: number,
  countIncludePad: boolean,
) {
  return spans(outSize, (o) => {
    const start = o * stride - pad;
    const end = Math.min(start + k, size + pad);
    const lo = Math.max(start, 0);
    const hi = Math.min(end, size);
    return [lo, hi, countIncludePad ? end - start : hi - lo];
  });
}

/** AdaptivePooling.h's spans: output index o of `outSize` covers [floor(o*in/out), ceil((o+1)*in/out)). */
function adaptiveSpans(outSize: number, size: number): Spans {
  return spans(outSize, (o) => {
    const lo = Math.floor((o * size) / outSize);
    const hi = Math.ceil(((o + 1) * size) / outSize);
    return [lo, hi, hi - lo];
  });
}

export interface AvgPoolOptions {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

function avgWindows(
  [h, wd]: Size,
  [outH, outW]: Size,
  w: PoolWindow,
  { countIncludePad, divisorOverride }: AvgPoolOptions,
): MeanWindows {
  return {
    rows: avgSpans(outH, h, w.kernelSize[0], w.stride[0], w.padding[0], countIncludePad),
    cols: avgSpans(outW, wd, w.kernelSize[1], w.stride[1], w.padding[1], countIncludePad),
    divisorOverride,
  };
}

function adaptiveWindows([h, wd]: Size, [outH, outW]: Size): MeanWindows {
  return { rows: adaptiveSpans(outH, h), cols: adaptiveSpans(outW, wd), divisorOverride: null };
}

/** A window of an average: input rows [h0, h1), columns [w0, w1), and its divisor. */
type VisitWindow = (
  oh: number,
  ow: number,
  h0: number,
  h1: number,
  w0: number,
  w1: number,
  divisor: number,
) => void;

/** Calls `visit` for each window with an input element in it (a window wholly in the padding averages to 0). */
function forEachMeanWindow({ rows, cols, divisorOverride }: MeanWindows, visit: VisitWindow): void {
  for (let oh = 0; oh < rows.lo.length; oh++) {
    const h0 = rows.lo[oh]!;
    const h1 = rows.hi[oh]!;
    for (let ow = 0; ow < cols.lo.length; ow++) {
      const w0 = cols.lo[ow]!;
      const w1 = cols.hi[ow]!;
      if (h0 >= h1 || w0 >= w1) continue;
      visit(oh, ow, h0, h1, w0, w1, divisorOverride ?? rows.count[oh]! * cols.count[ow]!);
    }
  }
}

/** The mean of each window of `x` into the contiguous [N, C, OH, OW] `out` (zeros where no window is visited). */
function meanPool(x: ImageBatch, windows: MeanWindows, out: Float32Array): void {
  const [, , sh, sw] = x.strides;
  const outW = windows.cols.lo.length;
  const outPlane = windows.rows.lo.length * outW;
  const data = x.data;
  forEachPlane(x, (base, p) => {
    forEachMeanWindow(windows, (oh, ow, h0, h1, w0, w1, divisor) => {
      let sum = 0;
      for (let ih = h0; ih < h1; ih++) {
        const row = base + ih * sh;
        for (let iw = w0; iw < w1; iw++) sum += data[row + iw * sw]!;
      }
      out[p * outPlane + oh * outW + ow] = sum / divisor;
    });
  });
}

/** The gradient of `meanPool` into the contiguous [N, C, H, W] `gradInput`: each window spreads gradOutput / divisor. */
function meanPoolBackward(
  gradOutput: ImageBatch,
  [h, wd]: Size,
  windows: MeanWindows,
  gradInput: Float32Array,
): void {
  const sums = new Float64Array(h * wd);
  forEachPlane(gradOutput, (grad, p) => {
    sums.fill(0);
    forEachMeanWindow(windows, (oh, ow, h0, h1, w0, w1, divisor) => {
      const share = elementAt(gradOutput, grad, oh, ow) / divisor;
      for (let ih = h0; ih < h1; ih++) {
        for (let iw = w0; iw < w1; iw++) sums[ih * wd + iw]! += share;
      }
    });
    gradInput.set(sums, p * sums.length);
  });
}

/**
 * Mean over each window (dilation 1). The divisor is `divisorOverride`, else the window clipped to the padded
 * input (`countIncludePad`), else the window clipped to the input; a window wholly in the padding gives 0.
 */
export function avgPool2dKernel(
  x: ImageBatch,
  outH: number,
  outW: number,
  w: PoolWindow,
  options: AvgPoolOptions,
  out: Float32Array,
): void {
  meanPool(x, avgWindows(spatialSize(x), [outH, outW], w, options), out);
}

/** The gradient of `avgPool2dKernel` for an input of [inH, inW]: the sum over the windows covering each position. */
export function avgPool2dBackwardKernel(
  gradOutput: ImageBatch,
  inH: number,
  inW: number,
  w: PoolWindow,
  options: AvgPoolOptions,
  gradInput: Float32Array,
): void {
  const windows = avgWindows([inH, inW], spatialSize(gradOutput), w, options);
  meanPoolBackward(gradOutput, [inH, inW], windows, gradInput);
}

/** Mean over PyTorch's adaptive windows: output index `o` of `outSize` covers [floor(o*in/out), ceil((o+1)*in/out)). */
export function adaptiveAvgPool2dKernel(x: ImageBatch, outH: number, outW: number, out: Float32Array): void {
  meanPool(x, adaptiveWindows(spatialSize(x), [outH, outW]), out);
}

/** The gradient of `adaptiveAvgPool2dKernel` for an input of [inH, inW]. */
export function adaptiveAvgPool2dBackwardKernel(
  gradOutput: ImageBatch,
  inH: number,
  inW: number,
  gradInput: Float32Array,
): void {
  const windows = adaptiveWindows([inH, inW], spatialSize(gradOutput));
  meanPoolBackward(gradOutput, [inH, inW], windows, gradInput);
}
