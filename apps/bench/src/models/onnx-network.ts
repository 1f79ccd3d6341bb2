// A Network (models/layers.ts) exported as an ONNX graph (opset 13, NCHW): Conv with its folded BatchNorm as the
// bias, Relu, MaxPool, Add, GlobalAveragePool, Sigmoid, Mul and a Gemm classifier; the weights as initializers.
import { type OnnxGraph, type OnnxNode, onnxModel } from '../peers/onnx.js';
import type { FoldedConv, Layer, Network, Pair } from './layers.js';

export const ONNX_INPUT = 'image';

/** The ONNX model of `network` on images of `inputShape` [N, 3, H, W]; its output is the logits [N, classes]. */
export function onnxNetwork({ layers, classifier }: Network, inputShape: number[]): Uint8Array {
  const nodes: OnnxNode[] = [];
  const initializers: NonNullable<OnnxGraph['initializers']> = [];
  let count = 0;
  const fresh = (what: string) => `${what}_${count++}`;
  const node = (op: string, inputs: string[], attributes: OnnxNode['attributes'] = []): string => {
    const output = fresh(op);
    nodes.push({ op, inputs, outputs: [output], attributes });
    return output;
  };
  const constant = (shape: number[], data: Float32Array): string => {
    const name = fresh('weight');
    initializers.push({ name, shape, data });
    return name;
  };
  const pads = ([h, w]: Pair) => [h, w, h, w];

  const conv = (x: string, { weight, bias, shape, stride, padding, groups, relu }: FoldedConv): string => {
    const y = node(
      'Conv',
      [x, constant([...shape], weight), constant([shape[0]], bias)],
      [
        { name: 'kernel_shape', ints: shape.slice(2) },
        { name: 'strides', ints: stride },
        { name: 'pads', ints: pads(padding) },
        { name: 'group', i: groups },
      ],
    );
    return relu ? node('Relu', [y]) : y;
  };

  const layer = (x: string, l: Layer): string => {
    switch (l.kind) {
      case 'conv':
        return conv(x, l.conv);
      case 'maxPool':
        return node(
          'MaxPool',
          [x],
          [
            { name: 'kernel_shape', ints: l.kernel },
            { name: 'strides', ints: l.stride },
            { name: 'pads', ints: pads(l.padding) },
          ],
        );
      case 'residual': {
        const branch = l.branch.reduce(layer, x);
        return node('Relu', [node('Add', [branch, l.shortcut.reduce(layer, x)])]);
      }
      case 'squeezeExcitation': {
        const scale = conv(conv(node('GlobalAveragePool', [x]), l.reduce), l.expand);
        return node('Mul', [x, node('Sigmoid', [scale])]);
      }
    }
  };

  const features = node('Flatten', [node('GlobalAveragePool', [layers.reduce(layer, ONNX_INPUT)])]);
  const { weight, bias, inFeatures, outFeatures } = classifier;
  const fcWeight = constant([outFeatures, inFeatures], weight);
  const logits = node(
    'Gemm',
    [features, fcWeight, constant([outFeatures], bias)],
    [{ name: 'transB', i: 1 }],
  );
  return onnxModel({
    inputs: [{ name: ONNX_INPUT, shape: inputShape }],
    outputs: [{ name: logits, shape: [inputShape[0]!, outFeatures] }],
    initializers,
    nodes,
  });
}
