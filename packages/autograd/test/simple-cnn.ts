// The network of PyTorch's per-sample-gradients tutorial (intermediate/per_sample_grads: SimpleCNN on 28x28 MNIST-like
// images), with an optional norm layer after each convolution; tools/golden/autograd_per_sample.py defines the same
// module (same state-dict keys, in the same order, so the formula weights agree).
import { Conv2d, F, Identity, Linear, Module, type NormLayer } from '@bn/nn';
import type { Tensor } from '@bn/tensor';

export class SimpleCNN extends Module {
  declare conv1: Conv2d;
  declare norm1: Module;
  declare conv2: Conv2d;
  declare norm2: Module;
  declare fc1: Linear;
  declare fc2: Linear;

  /** `normLayer`: makes the layer after each convolution (32, then 64 channels); none (Identity) by default. */
  constructor(normLayer: NormLayer | null = null) {
    super();
    this.registerModule('conv1', new Conv2d(1, 32, 3, { stride: 1 }));
    this.registerModule('norm1', normLayer === null ? new Identity() : normLayer(32));
    this.registerModule('conv2', new Conv2d(32, 64, 3, { stride: 1 }));
    this.registerModule('norm2', normLayer === null ? new Identity() : normLayer(64));
    this.registerModule('fc1', new Linear(9216, 128));
    this.registerModule('fc2', new Linear(128, 10));
  }

  /** Log-probabilities [N, 10] of images [N, 1, 28, 28] (the tutorial computes log_softmax and then returns the
   * logits by mistake; its loss, nll_loss, wants the log-probabilities). */
  forward(x: Tensor): Tensor {
    x = F.relu(this.norm1.forward(this.conv1.forward(x)));
    x = F.relu(this.norm2.forward(this.conv2.forward(x)));
    x = F.maxPool2d(x, 2).flatten(1);
    x = F.relu(this.fc1.forward(x));
    return F.logSoftmax(this.fc2.forward(x), 1);
  }
}
