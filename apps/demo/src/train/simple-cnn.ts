// The SimpleCNN of PyTorch's per-sample-gradients tutorial (conv 1->32 3x3, relu, conv 32->64 3x3, relu, max pool
// 2, flatten, linear 9216->128, relu, linear 128->10, log-softmax) with a norm layer after each convolution:
// BatchNorm2d by default, or whatever `normLayer` makes (torchvision's `norm_layer`).
import { BatchNorm2d, Conv2d, Linear, Module, type NormLayer } from '@bn/nn';
import { logSoftmax, manualSeed, maxPool2d, relu, type Tensor } from '@bn/tensor';

export class SimpleCNN extends Module {
  declare conv1: Conv2d;
  declare bn1: Module;
  declare conv2: Conv2d;
  declare bn2: Module;
  declare fc1: Linear;
  declare fc2: Linear;

  constructor(normLayer: NormLayer = (c) => new BatchNorm2d(c)) {
    super();
    this.registerModule('conv1', new Conv2d(1, 32, 3));
    this.registerModule('bn1', normLayer(32));
    this.registerModule('conv2', new Conv2d(32, 64, 3));
    this.registerModule('bn2', normLayer(64));
    this.registerModule('fc1', new Linear(9216, 128));
    this.registerModule('fc2', new Linear(128, 10));
  }

  /** Log-probabilities [N, 10] of images [N, 1, 28, 28]. */
  forward(x: Tensor): Tensor {
    let h = relu(this.bn1.forward(this.conv1.forward(x)));
    h = relu(this.bn2.forward(this.conv2.forward(h)));
    h = maxPool2d(h, 2).flatten(1);
    h = relu(this.fc1.forward(h));
    return logSoftmax(this.fc2.forward(h), 1);
  }
}

/** A SimpleCNN drawn from `seed`: the same seed gives the same weights whatever the norm layer. */
export function simpleCnn(seed: number, normLayer?: NormLayer): SimpleCNN {
  manualSeed(seed);
  return new SimpleCNN(normLayer);
}
