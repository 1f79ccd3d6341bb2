// The nn suite's small CNN (conv 3x3 - BatchNorm2d - ReLU x3, the middle conv strided; global pool; linear) as @bn/nn
// modules, and the same computation in @bn/tensor's functional ops on the modules' own tensors.
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  type BatchNormOptions,
  Conv2d,
  Flatten,
  Linear,
  ReLU,
  Sequential,
} from '@bn/nn';
import { adaptiveAvgPool2d, batchNorm, conv2d, linear, relu, type Tensor } from '@bn/tensor';

/** Channels of the input and of the three conv layers. */
const WIDTHS = [3, 16, 32, 32];
const CLASSES = 10;

export function smallCnn(batchNormOptions: BatchNormOptions = {}): Sequential {
  const layers = WIDTHS.slice(1).flatMap((out, i) => [
    new Conv2d(WIDTHS[i]!, out, 3, { stride: i === 1 ? 2 : 1, padding: 1, bias: false }),
    new BatchNorm2d(out, batchNormOptions),
    new ReLU(),
  ]);
  return new Sequential(
    ...layers,
    new AdaptiveAvgPool2d(1),
    new Flatten(),
    new Linear(WIDTHS.at(-1)!, CLASSES),
  );
}

/** `net.forward(x)` as functional ops on the net's tensors, running stats updated as the modules do. */
export function smallCnnFunctional(net: Sequential, x: Tensor): Tensor {
  let h = x;
  for (let i = 0; i < 3 * (WIDTHS.length - 1); i += 3) {
    const conv = net.at(i) as Conv2d;
    const norm = net.at(i + 1) as BatchNorm2d;
    h = conv2d(h, conv.weight, null, { stride: conv.stride, padding: conv.padding });
    if (norm.training) norm.numBatchesTracked?.add_(1);
    h = batchNorm(h, norm.runningMean, norm.runningVar, {
      weight: norm.weight,
      bias: norm.bias,
      training: norm.training,
      momentum: norm.momentum,
      eps: norm.eps,
      numBatchesTracked: norm.numBatchesTracked,
    });
    h = relu(h);
  }
  const fc = net.at(-1) as Linear;
  return linear(adaptiveAvgPool2d(h, 1).flatten(1), fc.weight, fc.bias);
}
