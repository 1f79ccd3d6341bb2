// TensorFlow.js (cpu or wasm backend) on the kernels suite: tf.matMul, tf.add, and tf.conv2d in tfjs's NHWC / HWIO
// layout (operands transposed once, outside the timing). tf.conv2d has no groups: a grouped convolution is `groups`
// convolutions of the channel slices, concatenated, as a tfjs model would write it.
import type * as tfjs from '@tensorflow/tfjs';
import { type TfjsBackend, tfjsImpl, useTfjs } from '../peers/tfjs.js';
import { type AddCase, type ConvCase, type GemmCase, type KernelInputs, kernelShapes } from './cases.js';
import type { KernelImpl } from './kernel.js';

type Tf = typeof tfjs;

/** A case in tfjs: its operands, one computation, and the output back in NCHW (identity for GEMM and add). */
interface TfjsCase {
  operands: tfjs.Tensor[];
  compute(): tfjs.Tensor;
  toNchw(y: tfjs.Tensor): tfjs.Tensor;
}

/** GEMM or add: one op on the two operands as they are. */
function twoOperandCase(tf: Tf, c: GemmCase | AddCase, { lhs, rhs }: KernelInputs): TfjsCase {
  const shapes = kernelShapes(c);
  const a = tf.tensor(lhs, shapes.lhs);
  const b = tf.tensor(rhs, shapes.rhs);
  const compute = () => (c.kind === 'gemm' ? tf.matMul(a, b) : tf.add(a, b));
  return { operands: [a, b], compute, toNchw: (y) => y };
}

function convCase(tf: Tf, c: ConvCase, { lhs, rhs }: KernelInputs): TfjsCase {
  const { batch, inChannels, outChannels, size, kernel, stride, padding, groups } = c;
  const x = tf.tidy(() =>
    tf.tensor4d(lhs, [batch, inChannels, size, size]).transpose<tfjs.Tensor4D>([0, 2, 3, 1]),
  );
  const weights = tf.tidy(() => {
    const oihw = tf.tensor4d(rhs, [outChannels, inChannels / groups, kernel, kernel]);
    return tf.split<tfjs.Tensor4D>(oihw.transpose([2, 3, 1, 0]), groups, 3);
  });
  const pad: Parameters<typeof tfjs.conv2d>[3] = [
    [0, 0],
    [padding, padding],
    [padding, padding],
    [0, 0],
  ];
  const conv = (input: tfjs.Tensor4D, weight: tfjs.Tensor4D) => tf.conv2d(input, weight, stride, pad);
  const compute = () =>
    groups === 1
      ? conv(x, weights[0]!)
      : tf.tidy(() =>
          tf.concat4d(
            tf.split<tfjs.Tensor4D>(x, groups, 3).map((slice, g) => conv(slice, weights[g]!)),
            3,
          ),
        );
  return { operands: [x, ...weights], compute, toNchw: (y) => tf.transpose(y, [0, 3, 1, 2]) };
}

export function tfjsKernel(backend: TfjsBackend): KernelImpl {
  return {
    impl: tfjsImpl(backend),
    threads: 1,
    async prepare(c, inputs) {
      const tf = await useTfjs(backend);
      const { operands, compute, toNchw } =
        c.kind === 'conv' ? convCase(tf, c, inputs) : twoOperandCase(tf, c, inputs);
      return {
        run: () => {
          const y = compute();
          y.dataSync();
          y.dispose();
        },
        output: async () => {
          const y = tf.tidy(() => toNchw(compute()));
          const data = y.dataSync().slice();
          y.dispose();
          return data;
        },
        dispose: () => tf.dispose(operands),
      };
    },
  };
}
