// `Kernels.maxPool2d` on the WebAssembly backend: a window kernel over -inf-padded planes (runtime/windows.ts).
import type { Kernels } from '../kernel-interface.js';
import type { WasmRuntime } from './runtime/instance.js';
import { runWindows } from './runtime/windows.js';

/** `Kernels.maxPool2d` on runtime `rt`. */
export function maxPool2d(rt: WasmRuntime): Kernels['maxPool2d'] {
  return (x, outH, outW, w, out) => runWindows(rt, 'max_pool', x, outH, outW, w, null, out);
}
