// How a conv2d is lowered to GEMM, shared by the TypeScript kernel and the WebAssembly one: per block of
// images and group, weight[og, cg*kH*kW] @ cols[cg*kH*kW, images x oH*oW], the im2col matrix read through
// offset tables from the images (a zero-padded copy when windows reach into the padding). No Tensor here.
import type { ImageBatch, VectorView } from '../kernel-interface.js';
import { blockColumns, type ImageStrides, im2colOffsets, paddedSize, type WindowGeometry } from './im2col.js';
import { copyStrided } from './strided.js';

/** Sizes and options of one conv2d call, NCHW input and OIHW weight. */
export interface Conv2dGeometry extends WindowGeometry {
  batch: number;
  inChannels: number;
  height: number;
  width: number;
  outChannels: number;
  groups: number;
}

/** GEMM columns worth filling per call: small feature maps (deep layers) take several images per GEMM. */
const MIN_COLUMNS = 256;

export interface Conv2dPlan {
  /** Channels per group, in and out. */
  cg: number;
  og: number;
  /** Output pixels per image and channel. */
  spatial: number;
  /** GEMM depth: cg * kH * kW. */
  depth: number;
  /** Images per GEMM. */
  block: number;
  /** Whether GEMM reads a contiguous (and zero-padded, as `pad` says) copy of the images. */
  copied: boolean;
  pad: boolean;
  /** Channel, row and column strides of the images GEMM reads, and the distance between two images. */
  strides: ImageStrides;
  imageStride: number;
  /** The im2col offset tables: `depth` rows, `block * spatial` columns (images of a block side by side). */
  rows: Int32Array;
  cols: Int32Array;
}

/**
 * The plan of a conv2d over an input with strides `inputStrides` (n, c, h, w). GEMM reads the input in place
 * unless windows reach into the padding or `copy` is set: then a contiguous, zero-padded copy. `images` per
 * GEMM: by default enough for MIN_COLUMNS columns.
 */
export function planConv2d(
  g: Conv2dGeometry,
  inputStrides: readonly [number, number, number, number],
  copy: boolean,
  images?: number,
): Conv2dPlan {
  const cg = g.inChannels / g.groups;
  const og = g.outChannels / g.groups;
  const spatial = g.outH * g.outW;
  const depth = cg * g.kernelH * g.kernelW;
  const block = images ?? Math.max(1, Math.min(g.batch, Math.ceil(MIN_COLUMNS / spatial)));
  const [hp, wp] = paddedSize(g, g.height, g.width);
  const pad = hp !== g.height || wp !== g.width;
  const copied = pad || copy;
  const strides: ImageStrides = copied
    ? [hp * wp, wp, 1]
    : [inputStrides[1], inputStrides[2], inputStrides[3]];
  const imageStride = copied ? g.inChannels * hp * wp : inputStrides[0];
  const rows = new Int32Array(depth);
  const pixels = new Int32Array(spatial);
  im2colOffsets(g, cg, strides, rows, pixels);
  const cols = blockColumns(pixels, block, imageStride);
  return { cg, og, spatial, depth, block, copied, pad, strides, imageStride, rows, cols };
}

/**
 * The plan over a contiguous, zero-padded copy of the images (the layout col2im writes conv2d's input gradient
 * into), `images` per GEMM as `planConv2d`'s.
 */
export function planPaddedImages(g: Conv2dGeometry, images?: number): Conv2dPlan {
  return planConv2d(g, [0, 0, 0, 0], true, images);
}

/**
 * Writes the GEMM output of images [n0, n0 + count) and one group, [og, count x spatial] in `from` at `at`,
 * into the NCHW `out` with each channel's bias added (or none).
 */
export function writeGroupOutput(
  g: Conv2dGeometry,
  plan: Conv2dPlan,
  from: Float32Array,
  at: number,
  n0: number,
  count: number,
  group: number,
  bias: VectorView | null,
  out: Float32Array,
): void {
  const { og, spatial } = plan;
  const width = count * spatial;
  for (let o = 0; o < og; o++) {
    const shift = bias ? bias.data[bias.offset + (group * og + o) * bias.stride]! : 0;
    for (let b = 0; b < count; b++) {
      const src = at + o * width + b * spatial;
      const to = ((n0 + b) * g.outChannels + group * og + o) * spatial;
      if (!bias) out.set(from.subarray(src, src + spatial), to);
      else for (let q = 0; q < spatial; q++) out[to + q] = from[src + q]! + shift;
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
  input: ImageBatch,
  n0: number,
  count: number,
  target: Float32Array,
  at: number,
): void {
  if (plan.pad) target.fill(0, at, at + count * plan.imageStride);
  const from = { ...input, offset: input.offset + n0 * input.strides[0] };
  copyImageBatch(g, from, laidOut(g, plan, target, at), count);
}

/**
 * The inverse of `copyImages`: the interiors of the first `count` images of the plan's layout in `padded` (their
 * padding dropped) into images [n0, n0 + count) of the contiguous NCHW `out`.
 */
export function cropImages(
  g: Conv2dGeometry,
  plan: Conv2dPlan,
  padded: Float32Array,
  n0: number,
  count: number,
  out: Float32Array,
): void {
  const [c, h, w] = [g.inChannels, g.height, g.width];
  const to = { data: out, offset: n0 * c * h * w, strides: [c * h * w, h * w, w, 1] };
  copyImageBatch(g, laidOut(g, plan, padded, 0), to, count);
}

/** Images as a typed array read or written through strides (n, c, h, w) from an offset. */
type StridedImages = Pick<ImageBatch, 'data' | 'offset'> & { strides: readonly number[] };

/** The images of the plan's padded layout in `data` from `at`: pixel (0, 0) of each, and the strides. */
function laidOut(g: Conv2dGeometry, plan: Conv2dPlan, data: Float32Array, at: number): StridedImages {
  const offset = at + g.padTop * plan.strides[1] + g.padLeft * plan.strides[2];
  return { data, offset, strides: [plan.imageStride, ...plan.strides] };
}

/** Copies `count` images of the conv's input size from one strided layout to another. */
function copyImageBatch(g: Conv2dGeometry, from: StridedImages, to: StridedImages, count: number): void {
  const shape = [count, g.inChannels, g.height, g.width];
  copyStrided(from.data, from.offset, from.strides, to.data, to.offset, to.strides, shape);
}
