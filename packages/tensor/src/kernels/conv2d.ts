// 2-D convolution (cross-correlation, as PyTorch's conv2d) lowered to GEMM: per image and group, weight[og,
// cg*kH*kW] @ cols[cg*kH*kW, oH*oW], GEMM reading the im2col matrix straight from the image. No Tensor here.
import { copyStrided } from './copy.js';
import { gemmIndexed } from './gemm.js';
import { type ImageStrides, im2colOffsets, paddedSize, type WindowGeometry } from './im2col.js';

/** Sizes and options of one conv2d call, NCHW input and OIHW weight. */
export interface Conv2dGeometry extends WindowGeometry {
  batch: number;
  inChannels: number;
  height: number;
  width: number;
  outChannels: number;
  groups: number;
}

// Zero-padded images, and the GEMM output of a block of images: grown on demand and reused between calls.
let padded = new Float32Array(0);
let blockOut = new Float32Array(0);

/** GEMM columns worth filling per call: small feature maps (deep layers) take several images per GEMM. */
const MIN_COLUMNS = 256;

/**
 * out[n, o, y, x] = bias[o] + sum over c, i, j of input[n, g*cg + c, y*sH - padTop + i*dH, x*sW - padLeft + j*dW]
 * * weight[o, c, i, j], with g = floor(o / og), cg = inChannels / groups, og = outChannels / groups (input
 * elements outside the image are zero).
 *
 * `input` is read through `inputStrides` (n, c, h, w) from `inputOff`, so permuted or sliced inputs need no
 * copy. `weight` is contiguous OIHW from `weightOff`; `bias` (or null) has `outChannels` values at
 * `biasOff + o * biasStride`; `out` is written contiguous NCHW from 0. GEMM packs the im2col matrix straight
 * from the input, or, when windows reach into the padding, from a zero-padded copy of the images. Images go
 * through GEMM in blocks whose columns (images x output pixels) number at least MIN_COLUMNS when the batch
 * allows, so that 2x2 or 1x1 feature maps still make GEMMs wide enough for the register blocking.
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
  const [sn, sc, sh, sw] = inputStrides;
  const cg = g.inChannels / g.groups;
  const og = g.outChannels / g.groups;
  const spatial = g.outH * g.outW;
  const depth = cg * g.kernelH * g.kernelW;
  const block = Math.max(1, Math.min(g.batch, Math.ceil(MIN_COLUMNS / spatial)));
  const [hp, wp] = paddedSize(g, g.height, g.width);
  const pad = hp !== g.height || wp !== g.width;
  const strides: ImageStrides = pad ? [hp * wp, wp, 1] : [sc, sh, sw];
  const imageStride = pad ? g.inChannels * hp * wp : sn;
  if (pad) {
    const size = block * imageStride;
    if (padded.length < size) padded = new Float32Array(size);
    padded.fill(0, 0, size); // the borders stay zero: each image only overwrites the interior
  }
  const columns = block * spatial;
  if (block > 1 && blockOut.length < og * columns) blockOut = new Float32Array(og * columns);
  const rows = new Int32Array(depth);
  const pixels = new Int32Array(spatial);
  im2colOffsets(g, cg, strides, rows, pixels);
  const cols = new Int32Array(columns);
  for (let b = 0; b < block; b++)
    for (let q = 0; q < spatial; q++) cols[b * spatial + q] = b * imageStride + pixels[q]!;
  const image = pad ? padded : input;
  const imageShape = [g.inChannels, g.height, g.width];
  const inputImageStrides = [sc, sh, sw];
  // one image per GEMM writes straight into the NCHW output; a block of images goes through blockOut
  const direct = block === 1;
  for (let n0 = 0; n0 < g.batch; n0 += block) {
    const count = Math.min(block, g.batch - n0);
    // each group is one GEMM over `count` images: [og, images x pixels]
    const width = count * spatial;
    const blockCols = cols.subarray(0, width);
    const target = direct ? out : blockOut;
    const accumulate = direct && bias !== null;
    let imageAt = inputOff + n0 * sn;
    if (pad) {
      for (let b = 0; b < count; b++) {
        const at = b * imageStride + g.padTop * wp + g.padLeft;
        copyStrided(input, inputOff + (n0 + b) * sn, inputImageStrides, padded, at, strides, imageShape);
      }
      imageAt = 0;
    }
    for (let group = 0; group < g.groups; group++) {
      const wAt = weightOff + group * og * depth;
      const bAt = imageAt + group * cg * strides[0];
      const targetAt = direct ? (n0 * g.outChannels + group * og) * spatial : 0;
      if (direct) fillBias(out, targetAt, spatial, og, bias, biasOff + group * og * biasStride, biasStride);
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
        blockCols,
        target,
        targetAt,
        width,
        accumulate,
      );
      if (direct) continue;
      for (let o = 0; o < og; o++) {
        const shift = bias ? bias[biasOff + (group * og + o) * biasStride]! : 0;
        for (let b = 0; b < count; b++) {
          const from = o * width + b * spatial;
          const to = ((n0 + b) * g.outChannels + group * og + o) * spatial;
          for (let q = 0; q < spatial; q++) out[to + q] = blockOut[from + q]! + shift;
        }
      }
    }
  }
}

/** Fills `rows` rows of `spatial` outputs from `at` with their channel's bias (GEMM then accumulates). */
function fillBias(
  out: Float32Array,
  at: number,
  spatial: number,
  rows: number,
  bias: Float32Array | null,
  biasAt: number,
  biasStride: number,
): void {
  if (!bias) return;
  for (let o = 0; o < rows; o++)
    out.fill(bias[biasAt + o * biasStride]!, at + o * spatial, at + (o + 1) * spatial);
}
