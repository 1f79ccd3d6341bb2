// 2-D convolution (cross-correlation, as PyTorch's conv2d) and its input and weight gradients on the TypeScript
// GEMM, as plan/conv.ts and plan/conv-backward.ts lower them: the reference and fallback of the WebAssembly
// kernels. No Tensor here.
import type { Kernels } from '../kernel-interface.js';
import { copyImages, cropImages, planConv2d, planPaddedImages, writeGroupOutput } from '../plan/conv.js';
import { copyChannelRows, gradOutputTables } from '../plan/conv-backward.js';
import { col2im } from '../plan/im2col.js';
import { gemmIndexed } from './linalg.js';

// Zero-padded images, the GEMM output of a block of images (or its unfolded input gradient), and the output
// gradient by channel: grown on demand and reused between calls.
let padded = new Float32Array(0);
let blockOut = new Float32Array(0);
let channelRows = new Float32Array(0);

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
 * `Kernels.conv2dBackwardInput` on the TypeScript backend: per block of images and group, the unfolded gradient
 * weight^T @ gradOutput (read through its strides) into a buffer, added into zero-padded images by col2im through
 * the forward's im2col tables, whose interiors are the result.
 */
export const conv2dBackwardInput: Kernels['conv2dBackwardInput'] = (g, gradOutput, weight, out) => {
  const plan = planPaddedImages(g);
  const { cg, og, spatial, depth, block, imageStride, rows, cols } = plan;
  if (padded.length < block * imageStride) padded = new Float32Array(block * imageStride);
  if (blockOut.length < depth * block * spatial) blockOut = new Float32Array(depth * block * spatial);
  const dy = gradOutputTables(g, og, block, gradOutput.strides);
  for (let n0 = 0; n0 < g.batch; n0 += block) {
    const count = Math.min(block, g.batch - n0);
    const width = count * spatial;
    padded.fill(0, 0, count * imageStride);
    for (let group = 0; group < g.groups; group++) {
      gemmIndexed(
        depth,
        width,
        og,
        { data: weight.data, offset: weight.offset + group * og * depth, rowStride: 1, colStride: depth },
        {
          data: gradOutput.data as Float32Array,
          offset: gradOutput.offset + n0 * gradOutput.strides[0] + group * og * gradOutput.strides[1],
          rowOffsets: dy.rows,
          colOffsets: dy.cols.subarray(0, width),
        },
        { data: blockOut, offset: 0, rowStride: width },
        false,
      );
      col2im(blockOut, 0, rows, cols.subarray(0, width), padded, group * cg * plan.strides[0]);
    }
    cropImages(g, plan, padded, n0, count, out);
  }
};

/**
 * `Kernels.conv2dBackwardWeight` on the TypeScript backend: per group, the output gradient's rows (all images side
 * by side) @ the im2col matrix of all images transposed, read through the forward's tables with their roles
 * swapped, from the input in place or its zero-padded copy.
 */
export const conv2dBackwardWeight: Kernels['conv2dBackwardWeight'] = (g, gradOutput, input, out) => {
  const plan = planConv2d(g, input.strides, false, Math.max(1, g.batch));
  const { cg, og, depth, imageStride, rows, cols } = plan;
  const pixels = g.batch * plan.spatial;
  if (plan.copied && padded.length < g.batch * imageStride) padded = new Float32Array(g.batch * imageStride);
  if (channelRows.length < g.outChannels * pixels) channelRows = new Float32Array(g.outChannels * pixels);
  if (plan.copied) copyImages(g, plan, input, 0, g.batch, padded, 0);
  copyChannelRows(gradOutput, channelRows, 0);
  const image = plan.copied ? padded : (input.data as Float32Array);
  const imageAt = plan.copied ? 0 : input.offset;
  for (let group = 0; group < g.groups; group++) {
    gemmIndexed(
      og,
      depth,
      pixels,
      { data: channelRows, offset: group * og * pixels, rowStride: pixels, colStride: 1 },
      { data: image, offset: imageAt + group * cg * plan.strides[0], rowOffsets: cols, colOffsets: rows },
      { data: out, offset: group * og * depth, rowStride: depth },
      false,
    );
  }
};
