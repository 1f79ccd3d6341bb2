// Max pooling on the WebAssembly backend: the input planes padded with -inf into the arena (every window
// then lies inside its plane), and the max_pool kernel.
import { paddedSize } from '../kernels/im2col.js';
import type { PoolInput, PoolWindow } from '../kernels/pool.js';
import { POOL_FIELDS } from './elementwise-kernels.js';
import { putPaddedPlanes } from './planes.js';
import type { WasmRuntime } from './runtime.js';

/** As kernels/pool.ts's `maxPool2dKernel`, for float32 input. */
export function maxPool2d(
  rt: WasmRuntime,
  x: PoolInput,
  outH: number,
  outW: number,
  w: PoolWindow,
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
  const src = putPaddedPlanes(
    rt,
    x.data,
    x.offset,
    x.strides,
    x.shape,
    padded,
    padTop,
    padLeft,
    Number.NEGATIVE_INFINITY,
  );
  const size = n * c * outH * outW;
  const record: Record<(typeof POOL_FIELDS)[number], number> = {
    src,
    dst: arena.alloc(size * 4),
    planes: n * c,
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
  };
  const descriptor = arena.alloc(POOL_FIELDS.length * 4);
  POOL_FIELDS.forEach((field, i) => {
    arena.ints[(descriptor >> 2) + i] = record[field];
  });
  rt.maxPool(descriptor);
  return arena.floats.slice(record.dst >> 2, (record.dst >> 2) + size);
}
