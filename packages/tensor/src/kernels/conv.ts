// 2-D convolution (cross-correlation, as PyTorch's conv2d) on the TypeScript GEMM, as conv2d-plan.ts lowers
// it: the reference and fallback of the WebAssembly kernel. No Tensor here.

import { type Conv2dGeometry, type Conv2dPlan, planConv2d, writeGroupOutput } from '../plan/conv.js';
import { copyStrided } from '../plan/strided.js';
import { gemmIndexed } from './linalg.js';

export type { Conv2dGeometry } from '../plan/conv.js';

// Zero-padded images, and the GEMM output of a block of images: grown on demand and reused between calls.
let padded = new Float32Array(0);
let blockOut = new Float32Array(0);

/**
 * out[n, o, y, x] = bias[o] + sum over c, i, j of input[n, g*cg + c, y*sH - padTop + i*dH, x*sW - padLeft + j*dW]
 * * weight[o, c, i, j], with g = floor(o / og), cg = inChannels / groups, og = outChannels / groups (input
 * elements outside the image are zero).
 *
 * `input` is read through `inputStrides` (n, c, h, w) from `inputOff`, so permuted or sliced inputs need no
 * copy. `weight` is contiguous OIHW from `weightOff`; `bias` (or null) has `outChannels` values at
 * `biasOff + o * biasStride`; `out` is written contiguous NCHW from 0. One image per GEMM writes straight
 * into `out`; a block of images goes through a buffer.
 */
export function conv2d(
  g: Conv2dGeometry,
  input: Float32Array,
  inputOff: number,
  inputStrides: readonly [number, number, number, number],
  weight: Float32Array,
  weightOff: number,
  bias: Float32Array | null,
  biasOff: number,
  biasStride: number,
  out: Float32Array,
): void {
  const plan = planConv2d(g, inputStrides, false);
  const { og, spatial, depth, block, imageStride, rows, cols } = plan;
  if (plan.copied && padded.length < block * imageStride) padded = new Float32Array(block * imageStride);
  if (block > 1 && blockOut.length < og * block * spatial) blockOut = new Float32Array(og * block * spatial);
  const image = plan.copied ? padded : input;
  const direct = block === 1;
  for (let n0 = 0; n0 < g.batch; n0 += block) {
    const count = Math.min(block, g.batch - n0);
    const width = count * spatial;
    if (plan.copied) copyImages(g, plan, input, inputOff, inputStrides, n0, count, padded, 0);
    const imageAt = plan.copied ? 0 : inputOff + n0 * inputStrides[0];
    for (let group = 0; group < g.groups; group++) {
      const wAt = weightOff + group * og * depth;
      const bAt = imageAt + group * plan.cg * plan.strides[0];
      const target = direct ? out : blockOut;
      const targetAt = direct ? (n0 * g.outChannels + group * og) * spatial : 0;
      if (direct && bias) {
        for (let o = 0; o < og; o++) {
          const value = bias[biasOff + (group * og + o) * biasStride]!;
          out.fill(value, targetAt + o * spatial, targetAt + (o + 1) * spatial);
        }
      }
      const colTable = cols.subarray(0, width);
      gemmIndexed(
        og,
        width,
        depth,
        weight,
        wAt,
        depth,
        1,
        image,
        bAt,
        rows,
        colTable,
        target,
        targetAt,
        width,
        direct && bias !== null,
      );
      if (!direct) writeGroupOutput(g, plan, blockOut, 0, n0, count, group, bias, biasOff, biasStride, out);
    }
  }
}

/**
 * Copies images [n0, n0 + count) of the input into `target` from `at` as the plan's contiguous layout, the
 * padding zero.
 */
export function copyImages(
  g: Conv2dGeometry,
  plan: Conv2dPlan,
  input: Float32Array,
  inputOff: number,
  inputStrides: readonly [number, number, number, number],
  n0: number,
  count: number,
  target: Float32Array,
  at: number,
): void {
  const wp = plan.strides[1];
  if (plan.pad) target.fill(0, at, at + count * plan.imageStride);
  const [sn, sc, sh, sw] = inputStrides;
  const interior = at + g.padTop * wp + g.padLeft;
  copyStrided(
    input,
    inputOff + n0 * sn,
    [sn, sc, sh, sw],
    target,
    interior,
    [plan.imageStride, ...plan.strides],
    [count, g.inChannels, g.height, g.width],
  );
}
