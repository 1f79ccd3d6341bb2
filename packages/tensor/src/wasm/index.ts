// The WebAssembly backend: `Kernels` on the SIMD kernels of this folder, run on the one runtime instance (its
// arena and helper threads); each family file falls back to the TypeScript kernel where it has no faster path.
import type { Kernels } from '../kernel-interface.js';
import { conv2d } from './conv.js';
import { rowKernels } from './elementwise.js';
import { gemm } from './linalg.js';
import { affineByGroup } from './norm.js';
import { maxPool2d } from './pool.js';
import type { WasmRuntime } from './runtime/instance.js';

/** The kernels on runtime `rt`. */
export function wasmKernels(rt: WasmRuntime): Kernels {
  return {
    gemm: (m, n, k, a, b, c, accumulate) => gemm(rt, 'matmul()', m, n, k, a, b, c, accumulate),
    conv2d: (g, input, weight, bias, out) => conv2d(rt, g, input, weight, bias, out),
    maxPool2d: (x, outH, outW, w, out) => maxPool2d(rt, x, outH, outW, w, out),
    affineByGroup: (x, out, scale, shift, weight, bias) =>
      affineByGroup(rt, x, out, scale, shift, weight, bias),
    ...rowKernels(rt),
  };
}
