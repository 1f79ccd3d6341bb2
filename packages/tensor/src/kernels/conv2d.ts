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

// One zero-padded image, grown on demand and reused between calls.
let padded = new Float32Array(0);

/**
 * out[n, o, y, x] = bias[o] + sum over c, i, j of input[n, g*cg + c, y*sH - padTop + i*dH, x*sW - padLeft + j*dW]
 * * weight[o, c, i, j], with g = floor(o / og), cg = inChannels / groups, og = outChannels / groups (input
 * elements outside the image are zero).
 *
 * `input` is read through `inputStrides` (n, c, h, w) from `inputOff`, so permuted or sliced inputs need no
 * copy. `weight` is contiguous OIHW from `weightOff`; `bias` (or null) has `outChannels` values at
 * `biasOff + o * biasStride`; `out` is written contiguous NCHW from 0. GEMM packs the im2col matrix straight
 * from the input, or, when windows reach into the padding, from a zero-padded copy of each image.
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
  const [hp, wp] = paddedSize(g, g.height, g.width);
  const pad = hp !== g.height || wp !== g.width;
  const strides: ImageStrides = pad ? [hp * wp, wp, 1] : [sc, sh, sw];
  if (pad) {
    const size = g.inChannels * hp * wp;
    if (padded.length < size) padded = new Float32Array(size);
    padded.fill(0, 0, size); // the borders stay zero: each image only overwrites the interior
  }
  const rows = new Int32Array(depth);
  const cols = new Int32Array(spatial);
  im2colOffsets(g, cg, strides, rows, cols);
  const image = pad ? padded : input;
  for (let n = 0; n < g.batch; n++) {
    let imageAt = inputOff + n * sn;
    if (pad) {
      const shape = [g.inChannels, g.height, g.width];
      copyStrided(input, imageAt, [sc, sh, sw], padded, g.padTop * wp + g.padLeft, strides, shape);
      imageAt = 0;
    }
    for (let group = 0; group < g.groups; group++) {
      const outAt = (n * g.outChannels + group * og) * spatial;
      if (bias) {
        for (let o = 0; o < og; o++) {
          out.fill(
            bias[biasOff + (group * og + o) * biasStride]!,
            outAt + o * spatial,
            outAt + (o + 1) * spatial,
          );
        }
      }
      gemmIndexed(
        og,
        spatial,
        depth,
        weight,
        weightOff + group * og * depth,
        depth,
        1,
        image,
        imageAt + group * cg * strides[0],
        rows,
        cols,
        out,
        outAt,
        spatial,
        bias !== null,
      );
    }
  }
}
