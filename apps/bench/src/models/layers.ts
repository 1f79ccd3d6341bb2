// The architecture of an @bn model in eval mode as a small layer list the peers rebuild it from (tfjs ops, an ONNX
// graph): convolutions with their BatchNorm folded in, as onnxruntime's graph optimiser and TF's freezing do.
import type { BatchNorm2d, Conv2d, Linear, MaxPool2d } from '@bn/nn';

export type Pair = [number, number];

/** A 2-D convolution, NCHW semantics; `weight` is [outChannels, inChannels / groups, kh, kw] row-major. */
export interface FoldedConv {
  weight: Float32Array;
  bias: Float32Array;
  shape: readonly [number, number, number, number];
  stride: Pair;
  padding: Pair;
  groups: number;
  relu: boolean;
}

export type Layer =
  | { kind: 'conv'; conv: FoldedConv }
  | { kind: 'maxPool'; kernel: Pair; stride: Pair; padding: Pair }
  /** relu(branch(x) + shortcut(x)); an empty shortcut is the identity. */
  | { kind: 'residual'; branch: Layer[]; shortcut: Layer[] }
  /** x * sigmoid(expand(reduce(mean over H, W of x))), `reduce` with its ReLU. */
  | { kind: 'squeezeExcitation'; reduce: FoldedConv; expand: FoldedConv };

/** A linear layer; `weight` is [outFeatures, inFeatures] row-major. */
export interface Classifier {
  weight: Float32Array;
  bias: Float32Array;
  inFeatures: number;
  outFeatures: number;
}

/** The layers on the image [N, 3, H, W], then the classifier on their mean over H, W. */
export interface Network {
  layers: Layer[];
  classifier: Classifier;
}

const pair = (v: number | readonly number[]): Pair => (typeof v === 'number' ? [v, v] : [v[0]!, v[1]!]);

const floats = (t: { toTypedArray(): ArrayLike<number> }) => Float32Array.from(t.toTypedArray());

/** `conv`, then `bn` with its running statistics (per output channel: scale and shift folded into the weights). */
export function foldConv(conv: Conv2d, bn: BatchNorm2d | null, { relu }: { relu: boolean }): FoldedConv {
  if (
    typeof conv.padding === 'string' ||
    conv.dilation.some((d) => d !== 1) ||
    conv.paddingMode !== 'zeros'
  ) {
    throw new Error(`foldConv: only zero padding by numbers and no dilation, got ${conv.extraRepr()}`);
  }
  const shape = conv.weight.shape as unknown as FoldedConv['shape'];
  const [outChannels] = shape;
  const weight = floats(conv.weight);
  const bias = conv.bias === null ? new Float32Array(outChannels) : floats(conv.bias);
  if (bn !== null) {
    if (bn.runningMean === null || bn.runningVar === null) {
      throw new Error('foldConv: BatchNorm without running stats');
    }
    const [mean, variance] = [floats(bn.runningMean), floats(bn.runningVar)];
    const gamma = bn.weight === null ? null : floats(bn.weight);
    const beta = bn.bias === null ? null : floats(bn.bias);
    const perChannel = weight.length / outChannels;
    for (let o = 0; o < outChannels; o++) {
      const scale = (gamma?.[o] ?? 1) / Math.sqrt(variance[o]! + bn.eps);
      for (let k = o * perChannel; k < (o + 1) * perChannel; k++) weight[k]! *= scale;
      bias[o] = (bias[o]! - mean[o]!) * scale + (beta?.[o] ?? 0);
    }
  }
  const { groups } = conv;
  return { weight, bias, shape, stride: pair(conv.stride), padding: pair(conv.padding), groups, relu };
}

export function maxPool(pool: MaxPool2d): Layer {
  if (pool.ceilMode || pair(pool.dilation).some((d) => d !== 1)) {
    throw new Error(`maxPool: only floor mode and no dilation, got ${pool.extraRepr()}`);
  }
  return {
    kind: 'maxPool',
    kernel: pair(pool.kernelSize),
    stride: pair(pool.stride),
    padding: pair(pool.padding),
  };
}

export function classifier(fc: Linear): Classifier {
  const { inFeatures, outFeatures } = fc;
  const bias = fc.bias === null ? new Float32Array(outFeatures) : floats(fc.bias);
  return { weight: floats(fc.weight), bias, inFeatures, outFeatures };
}
