// SqueezeExcitation: channel attention (Hu et al.): the input times a per-channel scale computed from its spatial
// mean by two 1x1 convolutions. Mirrors torchvision/ops/misc.py (SqueezeExcitation).
import { AdaptiveAvgPool2d, Conv2d, Module, Sigmoid } from '@bn/nn';
import type { Tensor } from '@bn/tensor';
import { type ActivationLayer, relu } from './activation-layer.js';

export interface SqueezeExcitationOptions {
  /** Between the two convolutions (the paper's delta); called with `{}`. */
  activation?: ActivationLayer;
  /** Of the scale (the paper's sigma); called with `{}`. */
  scaleActivation?: ActivationLayer;
}

const sigmoid: ActivationLayer = () => new Sigmoid();

export class SqueezeExcitation extends Module {
  static override readonly moduleName: string = 'SqueezeExcitation';
  declare avgpool: AdaptiveAvgPool2d;
  declare fc1: Conv2d;
  declare fc2: Conv2d;
  declare activation: Module;
  declare scaleActivation: Module;

  constructor(
    inputChannels: number,
    squeezeChannels: number,
    { activation = relu, scaleActivation = sigmoid }: SqueezeExcitationOptions = {},
  ) {
    super();
    this.registerModule('avgpool', new AdaptiveAvgPool2d(1));
    this.registerModule('fc1', new Conv2d(inputChannels, squeezeChannels, 1));
    this.registerModule('fc2', new Conv2d(squeezeChannels, inputChannels, 1));
    this.registerModule('activation', activation({}));
    this.registerModule('scale_activation', scaleActivation({}));
  }

  /** The per-channel scale [N, C, 1, 1] of `input`. */
  scale(input: Tensor): Tensor {
    let s = this.avgpool.forward(input);
    s = this.fc1.forward(s);
    s = this.activation.forward(s);
    s = this.fc2.forward(s);
    return this.scaleActivation.forward(s);
  }

  forward(input: Tensor): Tensor {
    return this.scale(input).mul(input);
  }
}
