// @bn/tensor on the kernels suite: eager `matmul` and `conv2d` on tensors made once over the shared inputs.
import { conv2d, fromTypedArray, matmul, type Tensor } from '@bn/tensor';
import { kernelShapes } from './cases.js';
import type { KernelImpl } from './kernel.js';

export const bnKernel: KernelImpl = {
  impl: '@bn',
  threads: 1,
  async prepare(c, inputs) {
    const shapes = kernelShapes(c);
    const lhs = fromTypedArray(inputs.lhs, shapes.lhs);
    const rhs = fromTypedArray(inputs.rhs, shapes.rhs);
    const compute = (): Tensor =>
      c.kind === 'gemm'
        ? matmul(lhs, rhs)
        : conv2d(lhs, rhs, null, { stride: c.stride, padding: c.padding, groups: c.groups });
    return {
      run: compute,
      output: async () => compute().toTypedArray(),
      dispose: () => {},
    };
  },
};
