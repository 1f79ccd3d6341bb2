// 2-D convolution (cross-correlation, as PyTorch's conv2d) on the TypeScript GEMM, as plan/conv.ts lowers it: the
// reference and fallback of the WebAssembly kernel. No Tensor here.
import type { ImageBatch, Kernels } from '../kernel-interface.js';
import { type Conv2dGeometry, type Conv2dPlan, planConv2d, writeGroupOutput } from '../plan/conv.js';
import { copyStrided } from '../plan/strided.js';
import { gemmIndexed } from './linalg.js';

// Zero-padded images, and the GEMM output of a block of images: grown on demand and reused between calls.
let padded = new Float32Array(0);
let blockOut = new Float32Array(0);

/**
 * `Kernels.conv2d` on the TypeScript backend. The input is read through its strides, so permuted or sliced
 * inputs need no copy. One image per GEMM writes straight into `out`; a block of images goes through a buffer.
 */
export const conv2d: Kernels['conv2d'] = (g, input, weight, bias, out) => {
  const plan = planConv2d(g, input.strides, false);
  const { og, spatial, depth, block, imageStride, rows, cols } = plan;
  if (plan.copied && padded.length < block * imageStride) padded = new Float32Array(block * imageStride);
  if (block > 1 && blockOut.length < og * block * spatial) blockOut = new Float32Array(og * block * spatial);
  const image = plan.copied ? padded : (input.data as Float32Array);
  const direct = block === 1;
  for (let n0 = 0; n0 < g.batch; n0 += block) {
    const count = Math.min(block, g.batch - n0);
    const width = count * spatial;
    if (plan.copied) copyImages(g, plan, input, n0, count, padded, 0);
    const imageAt = plan.copied ? 0 : input.offset + n0 * input.strides[0];
    for (let group = 0; group < g.groups; group++) {
      const target = direct ? out : blockOut;
      const targetAt = direct ? (n0 * g.outChannels + group * og) * spatial : 0;
      if (direct && bias) {
        for (let o = 0; o < og; o++) {
          const value = bias.data[bias.offset + (group * og + o) * bias.stride]!;
          out.fill(value, targetAt + o * spatial, targetAt + (o + 1) * spatial);
        }
      }
      gemmIndexed(
        og,
        width,
        depth,
        { data: weight.data, offset: weight.offset + group * og * depth, rowStride: depth, colStride: 1 },
        {
          data: image,
          offset: imageAt + group * plan.cg * plan.strides[0],
          rowOffsets: rows,
          colOffsets: cols.subarray(0, width),
        },
        { data: target, offset: targetAt, rowStride: width },
        direct && bias !== null,
      );
      if (!direct) writeGroupOutput(g, plan, blockOut, 0, n0, count, group, bias, out);
    }
  }
};

/**
 * Copies images [n0, n0 + count) of the input into `target` from `at` as the plan's contiguous layout, the
 * padding zero.
 */
function copyImages(
  g: Conv2dGeometry,
  plan: Conv2dPlan,
  input: ImageBatch,
  n0: number,
  count: number,
  target: Float32Array,
  at: number,
): void {
  const wp = plan.strides[1];
  if (plan.pad) target.fill(0, at, at + count * plan.imageStride);
  const interior = at + g.padTop * wp + g.padLeft;
  copyStrided(
    input.data,
    input.offset + n0 * input.strides[0],
    input.strides,
    target,
    interior,
    [plan.imageStride, ...plan.strides],
    [count, g.inChannels, g.height, g.width],
  );
}
