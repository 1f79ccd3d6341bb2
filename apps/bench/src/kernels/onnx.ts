// onnxruntime-node on the kernels suite: one-node graphs, MatMul or Add of two fed inputs, or Conv of a fed input
// with its weight as an initialiser (as in an exported model), at a given intra-op thread count.
import { type OnnxGraph, onnxModel, onnxSession, runOnnx } from '../peers/onnx.js';
import { type KernelCase, kernelShapes } from './cases.js';
import type { KernelImpl } from './kernel.js';

function singleOpGraph(c: KernelCase, rhs: Float32Array): OnnxGraph {
  const shapes = kernelShapes(c);
  const outputs = [{ name: 'y', shape: shapes.out }];
  if (c.kind !== 'conv') {
    return {
      inputs: [
        { name: 'a', shape: shapes.lhs },
        { name: 'b', shape: shapes.rhs },
      ],
      outputs,
      nodes: [{ op: c.kind === 'gemm' ? 'MatMul' : 'Add', inputs: ['a', 'b'], outputs: ['y'] }],
    };
  }
  return {
    inputs: [{ name: 'x', shape: shapes.lhs }],
    outputs,
    initializers: [{ name: 'w', shape: shapes.rhs, data: rhs }],
    nodes: [
      {
        op: 'Conv',
        inputs: ['x', 'w'],
        outputs: ['y'],
        attributes: [
          { name: 'kernel_shape', ints: [c.kernel, c.kernel] },
          { name: 'strides', ints: [c.stride, c.stride] },
          { name: 'pads', ints: [c.padding, c.padding, c.padding, c.padding] },
          { name: 'group', i: c.groups },
        ],
      },
    ],
  };
}

export function onnxKernel(threads: number): KernelImpl {
  return {
    impl: 'onnxruntime-node',
    threads,
    async prepare(c, inputs) {
      const shapes = kernelShapes(c);
      const session = await onnxSession(onnxModel(singleOpGraph(c, inputs.rhs)), threads);
      const feeds: Record<string, { data: Float32Array; shape: number[] }> =
        c.kind === 'conv'
          ? { x: { data: inputs.lhs, shape: shapes.lhs } }
          : { a: { data: inputs.lhs, shape: shapes.lhs }, b: { data: inputs.rhs, shape: shapes.rhs } };
      const compute = () => runOnnx(session, feeds);
      return { run: compute, output: compute, dispose: () => session.release() };
    },
  };
}
