// @bn/tensor on the kernels suite: eager `matmul`, `conv2d` and `add` on tensors made once over the shared inputs,
// on the WebAssembly backend ('@bn', at a thread count) or the TypeScript fallback ('@bn-js'); and conv2d under
// @bn/vmap over single images ('@bn-vmap'). Each sets its backend and thread count itself: every @bn row shares one
// process.
import {
  add,
  type BackendName,
  type Conv2dOptions,
  conv2d,
  fromTypedArray,
  matmul,
  type Tensor,
} from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { onBackend, useThreads } from '../harness/bn-runtime.js';
import { crossCheck, SAME_KERNELS_TOLERANCE } from '../harness/crosscheck.js';
import { type ConvCase, type KernelCase, kernelShapes } from './cases.js';
import type { KernelImpl } from './kernel.js';

const convOptions = (c: ConvCase): Conv2dOptions => ({
  stride: c.stride,
  padding: c.padding,
  groups: c.groups,
});

/** `c`'s operation on its two operands. */
function operation(c: KernelCase, lhs: Tensor, rhs: Tensor): Tensor {
  switch (c.kind) {
    case 'gemm':
      return matmul(lhs, rhs);
    case 'conv':
      return conv2d(lhs, rhs, null, convOptions(c));
    case 'add':
      return add(lhs, rhs);
  }
}

export function bnKernel(backend: BackendName, threads: number): KernelImpl {
  return {
    impl: backend === 'wasm' ? '@bn' : '@bn-js',
    threads,
    async prepare(c, inputs) {
      await useThreads(threads);
      const shapes = kernelShapes(c);
      const lhs = fromTypedArray(inputs.lhs, shapes.lhs);
      const rhs = fromTypedArray(inputs.rhs, shapes.rhs);
      const compute = (): Tensor => onBackend(backend, () => operation(c, lhs, rhs));
      return {
        run: compute,
        output: async () => compute().toTypedArray(),
        dispose: () => {},
      };
    },
  };
}

/**
 * `vmap((x) => conv2d(x, w))` over x [B, 1, C, H, W] (B single images) on the WebAssembly backend, checked first
 * against conv2d of the same data as [B, C, H, W].
 */
export function bnVmapConvKernel(threads: number): KernelImpl {
  return {
    impl: '@bn-vmap',
    threads,
    async prepare(c, inputs) {
      if (c.kind !== 'conv') throw new Error(`${c.name}: conv under vmap needs a convolution`);
      await useThreads(threads);
      const shapes = kernelShapes(c);
      const [batch, ...image] = shapes.lhs;
      const weight = fromTypedArray(inputs.rhs, shapes.rhs);
      const single = (x: Tensor) => conv2d(x, weight, null, convOptions(c));
      const images = fromTypedArray(inputs.lhs, [batch!, 1, ...image]);
      const perImage = vmap(single);
      const compute = () => onBackend('wasm', () => perImage(images) as Tensor);
      const direct = onBackend('wasm', () => single(fromTypedArray(inputs.lhs, shapes.lhs)));
      crossCheck(
        `${c.name} vmap vs conv2d`,
        compute().toTypedArray(),
        direct.toTypedArray(),
        SAME_KERNELS_TOLERANCE,
      );
      return {
        run: compute,
        output: async () => compute().toTypedArray(),
        dispose: () => {},
      };
    },
  };
}
