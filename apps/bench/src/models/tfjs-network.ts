// A Network (models/layers.ts) rebuilt from tfjs ops, NHWC: fused conv2d (bias and ReLU in the kernel, as
// tfjs-converter emits for a frozen graph), a grouped convolution as one conv2d per group on a channel split.
import * as tf from '@tensorflow/tfjs';
import type { FoldedConv, Layer, Network, Pair } from './layers.js';

type Step = (x: tf.Tensor4D) => tf.Tensor4D;
type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

export interface TfjsNetwork {
  /** Logits [N, classes] of a batch [N, H, W, 3]; call inside tf.tidy. */
  forward(x: tf.Tensor4D): tf.Tensor2D;
  /** Frees the weights. */
  dispose(): void;
}

const explicitPadding = ([h, w]: Pair): ExplicitPadding => [
  [0, 0],
  [h, h],
  [w, w],
  [0, 0],
];

/** The [kh, kw, in, outTo - outFrom] (HWIO) filter of output channels outFrom..outTo of an OIHW weight. */
function hwioFilter({ weight, shape }: FoldedConv, outFrom: number, outTo: number): tf.Tensor4D {
  const [, inChannels, kh, kw] = shape;
  const outChannels = outTo - outFrom;
  const filter = new Float32Array(kh * kw * inChannels * outChannels);
  for (let o = 0; o < outChannels; o++) {
    for (let i = 0; i < inChannels; i++) {
      for (let k = 0; k < kh * kw; k++) {
        filter[(k * inChannels + i) * outChannels + o] =
          weight[((outFrom + o) * inChannels + i) * kh * kw + k]!;
      }
    }
  }
  return tf.tensor4d(filter, [kh, kw, inChannels, outChannels]);
}

const chain =
  (steps: readonly Step[]): Step =>
  (x) =>
    steps.reduce((y, step) => step(y), x);

/** Uploads the weights of `network` to the current tfjs backend. */
export function tfjsNetwork({ layers, classifier }: Network): TfjsNetwork {
  const weights: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    weights.push(t);
    return t;
  };

  const convStep = (conv: FoldedConv): Step => {
    const { shape, stride, padding, groups, relu } = conv;
    const perGroup = shape[0] / groups;
    const parts = Array.from({ length: groups }, (_, g) => ({
      filter: keep(hwioFilter(conv, g * perGroup, (g + 1) * perGroup)),
      bias: keep(tf.tensor1d(conv.bias.subarray(g * perGroup, (g + 1) * perGroup))),
    }));
    const options = {
      strides: stride,
      pad: explicitPadding(padding),
      activation: relu ? ('relu' as const) : ('linear' as const),
    };
    return (x) => {
      const inputs = groups === 1 ? [x] : tf.split<tf.Tensor4D>(x, groups, 3);
      const outputs = inputs.map((input, g) => tf.fused.conv2d({ x: input, ...parts[g]!, ...options }));
      return outputs.length === 1 ? outputs[0]! : tf.concat(outputs, 3);
    };
  };

  const step = (layer: Layer): Step => {
    switch (layer.kind) {
      case 'conv':
        return convStep(layer.conv);
      case 'maxPool': {
        const { kernel, stride, padding } = layer;
        return (x) => tf.maxPool(x, kernel, stride, explicitPadding(padding));
      }
      case 'residual': {
        const [branch, shortcut] = [chain(layer.branch.map(step)), chain(layer.shortcut.map(step))];
        return (x) => tf.relu(tf.add(branch(x), shortcut(x)));
      }
      case 'squeezeExcitation': {
        const [reduce, expand] = [convStep(layer.reduce), convStep(layer.expand)];
        return (x) => tf.mul(x, tf.sigmoid(expand(reduce(tf.mean(x, [1, 2], true)))));
      }
    }
  };

  const body = chain(layers.map(step));
  // [in, out] as a Dense kernel (fused matMul with transposeB and a bias is wrong on tfjs-backend-wasm 4.22)
  const { weight, bias, inFeatures, outFeatures } = classifier;
  const fcWeight = keep(tf.tidy(() => tf.transpose(tf.tensor2d(weight, [outFeatures, inFeatures]))));
  const fcBias = keep(tf.tensor1d(bias));
  return {
    forward: (x) => {
      const features = tf.mean(body(x), [1, 2]) as tf.Tensor2D;
      return tf.fused.matMul({ a: features, b: fcWeight, bias: fcBias }) as tf.Tensor2D;
    },
    dispose: () => tf.dispose(weights),
  };
}
