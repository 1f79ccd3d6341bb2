// The SimpleCNN of PyTorch's per-sample-gradients tutorial (torch.func) as @bn/nn modules: conv 1->32 3x3, relu,
// conv 32->64 3x3, relu, max pool 2, flatten, linear 9216->128, relu, linear 128->10, log-softmax (the loss is
// nll_loss), optionally with a BatchNorm2d after each conv (the train suite's ensemble members); and its weights as the
// peers take them.
import { BatchNorm2d, Conv2d, Linear, Module } from '@bn/nn';
import { logSoftmax, maxPool2d, relu, type Tensor } from '@bn/tensor';

/** The side of the 2x2-pooled maps for images of `size` x `size`: 12 at 28 (MNIST), 9216 = 64 * 12 * 12 features. */
export const pooledSize = (size: number): number => Math.floor((size - 4) / 2);

export class SimpleCNN extends Module {
  declare conv1: Conv2d;
  declare conv2: Conv2d;
  declare fc1: Linear;
  declare fc2: Linear;
  declare bn1?: BatchNorm2d;
  declare bn2?: BatchNorm2d;

  constructor(size = 28, { batchNorm = false }: { batchNorm?: boolean } = {}) {
    super();
    this.registerModule('conv1', new Conv2d(1, 32, 3));
    if (batchNorm) this.registerModule('bn1', new BatchNorm2d(32));
    this.registerModule('conv2', new Conv2d(32, 64, 3));
    if (batchNorm) this.registerModule('bn2', new BatchNorm2d(64));
    this.registerModule('fc1', new Linear(64 * pooledSize(size) ** 2, 128));
    this.registerModule('fc2', new Linear(128, 10));
  }

  forward(x: Tensor): Tensor {
    const norm = (bn: BatchNorm2d | undefined, h: Tensor) => bn?.forward(h) ?? h;
    let h = relu(norm(this.bn1, this.conv1.forward(x)));
    h = relu(norm(this.bn2, this.conv2.forward(h)));
    h = maxPool2d(h, 2).flatten(1);
    h = relu(this.fc1.forward(h));
    return logSoftmax(this.fc2.forward(h), 1);
  }
}

/** A SimpleCNN's weights by state-dict key (OIHW convolutions, [out, in] linear weights) and their shapes. */
export type SimpleCnnWeights = Record<string, { data: Float32Array; shape: number[] }>;

export function simpleCnnWeights(model: SimpleCNN): SimpleCnnWeights {
  return Object.fromEntries(
    Object.entries(model.stateDict()).map(([key, t]) => [
      key,
      { data: Float32Array.from(t.toTypedArray()), shape: [...t.shape] },
    ]),
  );
}
