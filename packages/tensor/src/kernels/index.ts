// The TypeScript backend: `Kernels` on the plain-loop kernels of this folder, the reference of every other backend
// and the fallback where WebAssembly SIMD is missing.
import type { Kernels } from '../kernel-interface.js';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './conv.js';
import { BINARY_ROWS } from './elementwise-binary.js';
import { UNARY_ROWS } from './elementwise-unary.js';
import { gemm } from './linalg.js';
import { affineByGroup } from './norm.js';
import { maxPool2dKernel } from './pool.js';

export const jsKernels: Kernels = {
  gemm,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  maxPool2d: maxPool2dKernel,
  affineByGroup,
  unaryRow: (kernel) => UNARY_ROWS[kernel],
  binaryRow: (kernel) => BINARY_ROWS[kernel],
};
