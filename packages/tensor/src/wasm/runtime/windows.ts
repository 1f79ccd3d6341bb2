// The sliding-window kernels (emit/windows.ts) on the WebAssembly backend, for max pooling (pool.ts) and
// depthwise convolution (conv.ts): the input planes padded into the arena (with -inf for max pooling, 0 for
// convolution), planes split across threads.

import type { ConvWeights, ImageBatch, PoolWindow, VectorView } from '../../kernel-interface.js';
import { paddedSize } from '../../plan/im2col.js';
import { WINDOW_FIELDS } from '../emit/windows.js';
import type { WasmRuntime } from './instance.js';
import { rangeJobs, runJobs, threadsFor } from './parallel.js';
import { putPaddedPlanes } from './planes.js';
import { KERNELS } from './thread-pool.js';

/** A depthwise convolution's weights (C x kH x kW) and bias (or null). */
export interface DepthwiseWeights {
  weight: ConvWeights;
  bias: VectorView | null;
}

/**
 * Runs `kernel` of KERNELS over the planes of `x` into the contiguous `out`: max pooling, or a depthwise
 * convolution with `weights`.
 */
export function runWindows(
  rt: WasmRuntime,
  kernel: 'max_pool' | 'depthwise_conv',
  x: ImageBatch,
  outH: number,
  outW: number,
  w: PoolWindow,
  weights: DepthwiseWeights | null,
  out: Float32Array,
): void {
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
  const src = putPaddedPlanes(rt, x, padded, padTop, padLeft, fill);
  const size = n * c * outH * outW;
  const bias = weights?.bias;
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
    weights: weights ? arena.putFloats(weights.weight.data, weights.weight.offset, c * kernelH * kernelW) : 0,
    bias: bias ? arena.putStridedFloats(bias.data, bias.offset, bias.stride, c) : 0,
    hasBias: bias ? 1 : 0,
  };
  const descriptor = arena.putFields(WINDOW_FIELDS, record);
  const threads = threadsFor(rt, size * kernelH * kernelW);
  const variant = kernelH === 3 && kernelW === 3 ? (`${kernel}_3x3` as const) : kernel;
  const label = kernel === 'max_pool' ? 'maxPool2d()' : 'conv2d()';
  runJobs(rt, rangeJobs(KERNELS.indexOf(variant), descriptor, n * c, threads), label);
  out.set(arena.floats.subarray(record.dst >> 2, (record.dst >> 2) + size));
}
