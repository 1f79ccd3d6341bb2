// `Kernels.maxPool2d` on the WebAssembly backend: a window kernel over -inf-padded planes (runtime/windows.ts).
import type { ImageBatch, PoolWindow } from '../kernel-interface.js';
import type { WasmRuntime } from './runtime/instance.js';
import { runWindows } from './runtime/windows.js';

export function maxPool2d(
  rt: WasmRuntime,
  x: ImageBatch,
  outH: number,
  outW: number,
  w: PoolWindow,
  out: Float32Array,
): void {
  runWindows(rt, 'max_pool', x, outH, outW, w, null, out);
}
