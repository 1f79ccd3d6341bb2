// How conv2d's two gradients are lowered, shared by the TypeScript kernels and the WebAssembly ones: the input
// gradient col2im(weight^T @ gradOutput) per block of images and group (or, at stride 1, a conv2d of the gradient
// with the flipped weight), the weight gradient gradOutput @ im2col(input)^T per group over all images. No Tensor.
import type { ConvWeights, ImageBatch } from '../kernel-interface.js';
import type { Conv2dGeometry } from './conv.js';
import { blockColumns, im2colOffsets } from './im2col.js';
import { copyStrided } from './strided.js';

/**
 * The offset tables that read a group's part of conv2d's output gradient (strides n, c, h, w) as the GEMM operand
 * [og, block * outH * outW] of the input gradient: row o is the group's output channel o, column
 * b * outH * outW + q pixel q of image b.
 */
export function gradOutputTables(
  g: Conv2dGeometry,
  og: number,
  block: number,
  [sn, sc, sh, sw]: readonly [number, number, number, number],
): { rows: Int32Array; cols: Int32Array } {
  const rows = new Int32Array(og);
  const pixels = new Int32Array(g.outH * g.outW);
  const unit = { kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1 };
  im2colOffsets(
    { ...unit, outH: g.outH, outW: g.outW, padTop: 0, padLeft: 0 },
    og,
    [sc, sh, sw],
    rows,
    pixels,
  );
  return { rows, cols: blockColumns(pixels, block, sn) };
}

/**
 * Copies conv2d's output gradient [N, O, oH, oW] into `target` from `at` as the [O, N * oH * oW] matrix whose
 * rows the weight gradient's GEMM multiplies: each output channel's pixels, image after image.
 */
export function copyChannelRows(gradOutput: ImageBatch, target: Float32Array, at: number): void {
  const [n, o, h, w] = gradOutput.shape;
  const [sn, sc, sh, sw] = gradOutput.strides;
  copyStrided(
    gradOutput.data,
    gradOutput.offset,
    [sc, sn, sh, sw],
    target,
    at,
    [n * h * w, h * w, w, 1],
    [o, n, h, w],
  );
}

/** A conv2d call's operands: what `Kernels.conv2d` takes, but the bias and the output. */
export interface ConvCall {
  geometry: Conv2dGeometry;
  input: ImageBatch;
  weight: ConvWeights;
}

/**
 * conv2d's input gradient at stride 1 as a conv2d (a transposed convolution of stride 1 is a convolution): the
 * output gradient cross-correlated with the weight flipped in both spatial dims and its in and out channels
 * swapped within each group, padded by the kernel's extent - 1 - padding before each dim. Where that is
 * negative, or rows and columns lie past what the windows reach, the gradient's unread rows and columns are
 * dropped instead.
 */
export function inputGradientAsConv(
  g: Conv2dGeometry,
  gradOutput: ImageBatch,
  weight: ConvWeights,
): ConvCall {
  const [n, o, oh, ow] = gradOutput.shape;
  const [sn, sc, sh, sw] = gradOutput.strides;
  /** Padding before the dim, rows of the gradient skipped at its start, and rows read. */
  const along = (size: number, kernel: number, dilation: number, pad: number, available: number) => {
    const before = (kernel - 1) * dilation - pad;
    const skip = Math.max(0, -before);
    const reach = size + (kernel - 1) * dilation;
    return [Math.max(0, before), skip, Math.min(available - skip, reach - Math.max(0, before))] as const;
  };
  const [padTop, skipTop, height] = along(g.height, g.kernelH, g.dilationH, g.padTop, oh);
  const [padLeft, skipLeft, width] = along(g.width, g.kernelW, g.dilationW, g.padLeft, ow);
  const geometry: Conv2dGeometry = {
    batch: g.batch,
    inChannels: g.outChannels,
    height,
    width,
    outChannels: g.inChannels,
    groups: g.groups,
    kernelH: g.kernelH,
    kernelW: g.kernelW,
    outH: g.height,
    outW: g.width,
    strideH: 1,
    strideW: 1,
    padTop,
    padLeft,
    dilationH: g.dilationH,
    dilationW: g.dilationW,
  };
  const input: ImageBatch = {
    data: gradOutput.data,
    offset: gradOutput.offset + skipTop * sh + skipLeft * sw,
    shape: [n, o, height, width],
    strides: [sn, sc, sh, sw],
  };
  return { geometry, input, weight: { data: flippedTransposed(g, weight), offset: 0, version: null } };
}

/**
 * Where `flippedTransposed` writes, reused from call to call: the conv it feeds reads the weight during the call only
 * (never caching a weight of version null), and writing fresh memory costs more than the flip itself.
 */
let flipScratch = new Float32Array(0);

/**
 * The OIHW weight [O, C/g, kH, kW] as [C, O/g, kH, kW]: channels swapped within each group, kernels rotated 180.
 * Valid until the next call.
 */
function flippedTransposed(g: Conv2dGeometry, weight: ConvWeights): Float32Array {
  const cg = g.inChannels / g.groups;
  const og = g.outChannels / g.groups;
  const taps = g.kernelH * g.kernelW;
  const size = g.outChannels * cg * taps;
  if (flipScratch.length < size) flipScratch = new Float32Array(size);
  const out = flipScratch.subarray(0, size);
  const src = weight.data;
  // in the order of the output: [group][c][o][taps reversed]
  let to = 0;
  for (let group = 0; group < g.groups; group++) {
    for (let c = 0; c < cg; c++) {
      let from = weight.offset + (group * og * cg + c) * taps + taps - 1;
      for (let o = 0; o < og; o++, from += cg * taps) {
        for (let t = 0; t < taps; t++) out[to++] = src[from - t]!;
      }
    }
  }
  return out;
}
