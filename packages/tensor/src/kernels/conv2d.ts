// 2-D convolution (cross-correlation, as PyTorch's conv2d) lowered to GEMM: per image and group, im2col then
// weight[og, cg*kH*kW] @ cols[cg*kH*kW, oH*oW] (Caffe's and PyTorch's slow_conv2d). No Tensor here.
import { gemm } from './gemm.js';
import { im2col, type WindowGeometry } from './im2col.js';

/** Sizes and options of one conv2d call, NCHW input and OIHW weight. */
export interface Conv2dGeometry extends WindowGeometry {
  batch: number;
  inChannels: number;
  height: number;
  width: number;
  outChannels: number;
  groups: number;
}

// The im2col matrix, grown on demand and reused between calls.
let scratch = new Float32Array(0);

/**
 * out[n, o, y, x] = bias[o] + sum over c, i, j of input[n, g*cg + c, y*sH - padTop + i*dH, x*sW - padLeft + j*dW]
 * * weight[o, c, i, j], with g = floor(o / og), cg = inChannels / groups, og = outChannels / groups.
 *
 * `input` is read through `inputStrides` (n, c, h, w) from `inputOff`, so permuted or sliced inputs need no
 * copy. `weight` is contiguous OIHW from `weightOff`; `bias` (or null) has `outChannels` values at
 * `biasOff + o * biasStride`; `out` is written contiguous NCHW from 0. A 1x1 stride-1 unpadded convolution
 * whose input rows and columns merge into one dim skips im2col and multiplies the input in place.
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
  const direct =
    g.kernelH === 1 &&
    g.kernelW === 1 &&
    g.strideH === 1 &&
    g.strideW === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.outH === g.height &&
    g.outW === g.width &&
    (g.height === 1 || g.width === 1 || sh === g.width * sw);
  // stride between neighbouring pixels once rows and columns merge into one dim
  const pixelStride = g.width === 1 ? sh : sw;
  if (!direct && scratch.length < depth * spatial) scratch = new Float32Array(depth * spatial);
  const geometry = {
    ...g,
    channels: cg,
    channelStride: sc,
    rowStride: sh,
    colStride: sw,
  };
  for (let n = 0; n < g.batch; n++) {
    for (let group = 0; group < g.groups; group++) {
      const inAt = inputOff + n * sn + group * cg * sc;
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
      const wAt = weightOff + group * og * depth;
      if (direct) {
        gemm(
          og,
          spatial,
          cg,
          weight,
          wAt,
          depth,
          1,
          input,
          inAt,
          sc,
          pixelStride,
          out,
          outAt,
          spatial,
          bias !== null,
        );
      } else {
        im2col(geometry, input, inAt, scratch);
        gemm(
          og,
          spatial,
          depth,
          weight,
          wAt,
          depth,
          1,
          scratch,
          0,
          spatial,
          1,
          out,
          outAt,
          spatial,
          bias !== null,
        );
      }
    }
  }
}
