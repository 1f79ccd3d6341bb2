// Direct 2-D pooling kernels: strided [N, C, H, W] input into a contiguous [N, C, OH, OW] float32 output.
// Mirrors ATen's CPU kernels (MaxPoolKernel.cpp, AvgPoolKernel.cpp, AdaptivePooling.h's start/end indices).
import type { ImageBatch, Kernels, PoolWindow } from '../kernel-interface.js';

/** Calls `plane(inOffset, outOffset)` for each [n, c] plane: the offset of its [0, 0] input and output element. */
function forEachPlane(
  x: ImageBatch,
  outPlane: number,
  plane: (inOffset: number, outOffset: number) => void,
): void {
  const [n, c] = x.shape;
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < c; j++, o += outPlane) plane(x.offset + i * x.strides[0] + j * x.strides[1], o);
  }
}

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

/** Max over each window, padding never chosen; a nan in a window is the result (PyTorch's `val > max || isnan`). */
export const maxPool2dKernel: Kernels['maxPool2d'] = (x, outH, outW, w, out) => {
  const [, , h, wd] = x.shape;
  const [, , sh, sw] = x.strides;
  const [strideH, strideW] = w.stride;
  const [padH, padW] = w.padding;
  const rows = validTaps(outH, h, w.kernelSize[0], strideH, padH, w.dilation[0]);
  const cols = validTaps(outW, wd, w.kernelSize[1], strideW, padW, w.dilation[1]);
  const tapH = w.dilation[0] * sh;
  const tapW = w.dilation[1] * sw;
  const data = x.data;
  forEachPlane(x, outH * outW, (base, o) => {
    for (let oh = 0; oh < outH; oh++) {
      const h0 = base + (oh * strideH - padH) * sh;
      const iLo = rows.lo[oh]!;
      const iHi = rows.hi[oh]!;
      for (let ow = 0; ow < outW; ow++) {
        const w0 = h0 + (ow * strideW - padW) * sw;
        const jLo = cols.lo[ow]!;
        const jHi = cols.hi[ow]!;
        let max = Number.NEGATIVE_INFINITY;
        for (let i = iLo; i < iHi; i++) {
          const row = w0 + i * tapH;
          for (let j = jLo; j < jHi; j++) {
            const v = data[row + j * tapW]!;
            // biome-ignore lint/suspicious/noSelfCompare: v !== v is the fast nan test in this hot loop
            if (v > max || v !== v) max = v;
          }
        }
        out[o++] = max;
      }
    }
  });
};

export interface AvgPoolOptions {
  countIncludePad: boolean;
  divisorOverride: number | null;
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
  { countIncludePad, divisorOverride }: AvgPoolOptions,
  out: Float32Array,
): void {
  const [, , h, wd] = x.shape;
  const [, , sh, sw] = x.strides;
  const [kh, kw] = w.kernelSize;
  const [ph, pw] = w.padding;
  const data = x.data;
  forEachPlane(x, outH * outW, (base, o) => {
    for (let oh = 0; oh < outH; oh++) {
      let h0 = oh * w.stride[0] - ph;
      let h1 = Math.min(h0 + kh, h + ph);
      const padH = h1 - h0;
      h0 = Math.max(h0, 0);
      h1 = Math.min(h1, h);
      for (let ow = 0; ow < outW; ow++, o++) {
        let w0 = ow * w.stride[1] - pw;
        let w1 = Math.min(w0 + kw, wd + pw);
        const padW = w1 - w0;
        w0 = Math.max(w0, 0);
        w1 = Math.min(w1, wd);
        if (h0 >= h1 || w0 >= w1) continue;
        let sum = 0;
        for (let ih = h0; ih < h1; ih++) {
          const row = base + ih * sh;
          for (let iw = w0; iw < w1; iw++) sum += data[row + iw * sw]!;
        }
        const divisor = divisorOverride ?? (countIncludePad ? padH * padW : (h1 - h0) * (w1 - w0));
        out[o] = sum / divisor;
      }
    }
  });
}

/** Mean over PyTorch's adaptive windows: output index `o` of `outSize` covers [floor(o*in/out), ceil((o+1)*in/out)). */
export function adaptiveAvgPool2dKernel(x: ImageBatch, outH: number, outW: number, out: Float32Array): void {
  const [, , h, wd] = x.shape;
  const [, , sh, sw] = x.strides;
  const data = x.data;
  forEachPlane(x, outH * outW, (base, o) => {
    for (let oh = 0; oh < outH; oh++) {
      const h0 = Math.floor((oh * h) / outH);
      const h1 = Math.ceil(((oh + 1) * h) / outH);
      for (let ow = 0; ow < outW; ow++) {
        const w0 = Math.floor((ow * wd) / outW);
        const w1 = Math.ceil(((ow + 1) * wd) / outW);
        let sum = 0;
        for (let ih = h0; ih < h1; ih++) {
          const row = base + ih * sh;
          for (let iw = w0; iw < w1; iw++) sum += data[row + iw * sw]!;
        }
        out[o++] = sum / ((h1 - h0) * (w1 - w0));
      }
    }
  });
}
