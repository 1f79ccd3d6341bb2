// The sliding-window kernels (window-kernels.ts) on the WebAssembly backend: the input planes padded into the
// arena (with -inf for max pooling, 0 for convolution), planes split across threads. Max pooling as
// kernels/pool.ts's `maxPool2dKernel`; depthwise convolution (one input channel per group, one output each).

import type { PoolInput, PoolWindow } from '../../kernels/pool.js';
import { paddedSize } from '../../plan/im2col.js';
import { WINDOW_FIELDS } from '../emit/windows.js';
import type { WasmRuntime } from './instance.js';
import { rangeJobs, runJobs, threadsFor } from './parallel.js';
import { putPaddedPlanes } from './planes.js';
import { KERNELS } from './thread-pool.js';

/** A depthwise convolution's weights (C x kH x kW contiguous from `offset`) and bias (or null). */
export interface DepthwiseWeights {
  weight: Float32Array;
  offset: number;
  bias: Float32Array | null;
  biasOffset: number;
  biasStride: number;
}

/** Runs `kernel` of KERNELS over the planes of `x`; returns the output planes, contiguous (in `into` if given). */
function runWindows(
  rt: WasmRuntime,
  kernel: 'max_pool' | 'depthwise_conv',
  x: PoolInput,
  outH: number,
  outW: number,
  w: PoolWindow,
  weights: DepthwiseWeights | null,
  into: Float32Array | null = null,
): Float32Array {
  const [n, c, h, wd] = x.shape;
  const [kernelH, kernelW] = w.kernelSize;
  const [strideH, strideW] = w.stride;
  const [dilationH, dilationW] = w.dilation;
  const [padTop, padLeft] = w.padding;
  const geometry = { kernelH, kernelW, outH, outW, strideH, strideW, padTop, padLeft, dilationH, dilationW };
  const padded = paddedSize(geometry, h, wd);
  const arena = rt.arena;
  arena.reset();
  const fill = kernel === 'max_pool' ? Number.NEGATIVE_INFINITY : 0;
  const src = putPaddedPlanes(rt, x.data, x.offset, x.strides, x.shape, padded, padTop, padLeft, fill);
  const size = n * c * outH * outW;
  const record: Record<(typeof WINDOW_FIELDS)[number], number> = {
    src,
    dst: arena.alloc(size * 4),
    paddedH: padded[0],
    paddedW: padded[1],
    outH,
    outW,
    kernelH,
    kernelW,
    strideH,
    strideW,
    dilationH,
    dilationW,
    channels: c,
    weights: weights ? arena.putFloats(weights.weight, weights.offset, c * kernelH * kernelW) : 0,
    bias: weights?.bias ? arena.putStridedFloats(weights.bias, weights.biasOffset, weights.biasStride, c) : 0,
    hasBias: weights?.bias ? 1 : 0,
  };
  const descriptor = arena.putFields(WINDOW_FIELDS, record);
  const threads = threadsFor(rt, size * kernelH * kernelW);
  const variant = kernelH === 3 && kernelW === 3 ? (`${kernel}_3x3` as const) : kernel;
  const label = kernel === 'max_pool' ? 'maxPool2d()' : 'conv2d()';
  runJobs(rt, rangeJobs(KERNELS.indexOf(variant), descriptor, n * c, threads), label);
  const result = arena.floats.subarray(record.dst >> 2, (record.dst >> 2) + size);
  if (!into) return result.slice();
  into.set(result);
  return into;
}

/** As kernels/pool.ts's `maxPool2dKernel`, for float32 input. */
export function maxPool2d(
  rt: WasmRuntime,
  x: PoolInput,
  outH: number,
  outW: number,
  w: PoolWindow,
): Float32Array {
  return runWindows(rt, 'max_pool', x, outH, outW, w, null);
}

/** A depthwise convolution (groups = in = out channels) of `x` with `weights` into `out`, as conv2d computes it. */
export function depthwiseConv2d(
  rt: WasmRuntime,
  x: PoolInput,
  outH: number,
  outW: number,
  w: PoolWindow,
  weights: DepthwiseWeights,
  out: Float32Array,
): void {
  runWindows(rt, 'depthwise_conv', x, outH, outW, w, weights, out);
}
