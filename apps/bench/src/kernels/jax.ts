// jax-js on the kernels suite: numpy.matmul, lax.convGeneralDilated (NCHW / OIHW, feature groups) and numpy.add on
// its wasm device. Arrays are reference-counted: the operands are passed as `.ref` so they outlive each call.
import type { Array as JaxArray } from '@jax-js/jax';
import { useJax } from '../peers/jax.js';
import { kernelShapes } from './cases.js';
import type { KernelImpl } from './kernel.js';

export const jaxKernel: KernelImpl = {
  impl: 'jax-js',
  threads: 1,
  async prepare(c, inputs) {
    const { numpy: np, lax } = await useJax();
    const shapes = kernelShapes(c);
    const lhs = np.array(inputs.lhs).reshape(shapes.lhs);
    const rhs = np.array(inputs.rhs).reshape(shapes.rhs);
    const compute = (): JaxArray => {
      switch (c.kind) {
        case 'gemm':
          return np.matmul(lhs.ref, rhs.ref);
        case 'conv':
          return lax.convGeneralDilated(
            lhs.ref,
            rhs.ref,
            [c.stride, c.stride],
            [
              [c.padding, c.padding],
              [c.padding, c.padding],
            ],
            { featureGroupCount: c.groups },
          );
        case 'add':
          return np.add(lhs.ref, rhs.ref);
      }
    };
    return {
      run: async () => (await compute().blockUntilReady()).dispose(),
      output: () => compute().data(),
      dispose: () => {
        lhs.dispose();
        rhs.dispose();
      },
    };
  },
};
