// The WebAssembly backend: `Kernels` on the SIMD kernels of this folder, run on the one runtime instance (its
// arena and helper threads); each family file falls back to the TypeScript kernel where it has no faster path.
import type { Kernels } from '../kernel-interface.js';
import { conv2d } from './conv.js';
import { conv2dBackwardInput, conv2dBackwardWeight } from './conv-backward.js';
import { rowKernels } from './elementwise.js';
import { gemm } from './linalg.js';
import { affineByGroup } from './norm.js';
import { maxPool2d } from './pool.js';
import type { WasmRuntime } from './runtime/instance.js';

/** The kernels on runtime `rt`. */
export function wasmKernels(rt: WasmRuntime): Kernels {
  return {
    gemm: gemm(rt, 'matmul()'),
    conv2d: conv2d(rt),
    conv2dBackwardInput: conv2dBackwardInput(rt),
    conv2dBackwardWeight: conv2dBackwardWeight(rt),
    maxPool2d: maxPool2d(rt),
    affineByGroup: affineByGroup(rt),
    ...rowKernels(rt),
  };
}
