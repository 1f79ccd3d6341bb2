// Max pooling on the WebAssembly backend: the input planes copied contiguous into the arena, the windows'
// valid taps as tables (as kernels/pool.ts computes them), and the max_pool kernel.
import { copyStrided } from '../kernels/copy.js';
import { type PoolInput, type PoolWindow, validTaps } from '../kernels/pool.js';
import { POOL_FIELDS } from './elementwise-kernels.js';
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
  const arena = rt.arena;
  arena.reset();
  const src = arena.alloc(n * c * h * wd * 4);
  copyStrided(x.data, x.offset, x.strides, arena.floats, src >> 2, [c * h * wd, h * wd, wd, 1], x.shape);
  const rows = validTaps(outH, h, w.kernelSize[0], w.stride[0], w.padding[0], w.dilation[0]);
  const cols = validTaps(outW, wd, w.kernelSize[1], w.stride[1], w.padding[1], w.dilation[1]);
  const size = n * c * outH * outW;
  const record: Record<(typeof POOL_FIELDS)[number], number> = {
    src,
    dst: arena.alloc(size * 4),
    planes: n * c,
    height: h,
    width: wd,
    outH,
    outW,
    strideH: w.stride[0],
    strideW: w.stride[1],
    padH: w.padding[0],
    padW: w.padding[1],
    dilationH: w.dilation[0],
    dilationW: w.dilation[1],
    rowLo: arena.putInts(rows.lo),
    rowHi: arena.putInts(rows.hi),
    colLo: arena.putInts(cols.lo),
    colHi: arena.putInts(cols.hi),
  };
  const descriptor = arena.alloc(POOL_FIELDS.length * 4);
  POOL_FIELDS.forEach((field, i) => {
    arena.ints[(descriptor >> 2) + i] = record[field];
  });
  rt.maxPool(descriptor);
  return arena.floats.slice(record.dst >> 2, (record.dst >> 2) + size);
}
