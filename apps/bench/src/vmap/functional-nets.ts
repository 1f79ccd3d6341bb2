// The vmap suite's networks written with @bn/tensor's functional ops alone, on weights drawn from a generator: a
// small conv net whose BatchNorm uses the statistics of the batch it is given (no running stats), and an MLP.
import {
  batchNorm,
  conv2d,
  type Generator,
  linear,
  logSoftmax,
  ones,
  randn,
  relu,
  type Tensor,
  zeros,
} from '@bn/tensor';

export type Net = (x: Tensor) => Tensor;

/** Channels of the conv net's input and of its four conv 3x3 - BatchNorm - ReLU layers. */
const CONV_WIDTHS = [3, 16, 32, 32, 32];

/** Four conv 3x3 (pad 1) - batchNorm (training, no running stats) - ReLU layers on x [n, 3, H, W]. */
export function smallConvNet(generator: Generator): Net {
  const layers = CONV_WIDTHS.slice(1).map((out, i) => ({
    weight: randn([out, CONV_WIDTHS[i]!, 3, 3], { generator }).mul(0.2),
    bias: randn([out], { generator }).mul(0.1),
    gamma: ones([out]),
    beta: zeros([out]),
  }));
  return (x) =>
    layers.reduce((h, { weight, bias, gamma, beta }) => {
      const normed = batchNorm(conv2d(h, weight, bias, { padding: 1 }), null, null, {
        weight: gamma,
        bias: beta,
        training: true,
      });
      return relu(normed);
    }, x);
}

/** The MLP's input features. */
export const MLP_FEATURES = 64;

/** logSoftmax(linear(relu(linear(x)))), 64 -> 128 -> 10 features, no biases: per-sample work too small to pay. */
export function mlp(generator: Generator): Net {
  const w1 = randn([128, MLP_FEATURES], { generator }).mul(0.1);
  const w2 = randn([10, 128], { generator }).mul(0.1);
  return (x) => logSoftmax(linear(relu(linear(x, w1)), w2), -1);
}
