// GroupNorm: statistics per sample over groups of channels, the same in training and evaluation (no running
// stats), hence option 1 of PyTorch's "Patching Batch Norm". Mirrors torch/nn/modules/normalization.py.
import {
  expectBoolean,
  expectInteger,
  expectNumber,
  expectOptions,
  groupNorm,
  ones,
  type Tensor,
  ValueError,
  zeros,
} from '@bn/tensor';
import { expectInput } from '../arguments.js';
import { Module } from '../module.js';
import { py, pyFloat } from '../repr.js';

export interface GroupNormOptions {
  eps?: number;
  /** Learnable per-channel weight (ones) and bias (zeros). */
  affine?: boolean;
}

export class GroupNorm extends Module {
  static override readonly moduleName: string = 'GroupNorm';
  readonly numGroups: number;
  readonly numChannels: number;
  eps: number;
  readonly affine: boolean;
  declare weight: Tensor | null;
  declare bias: Tensor | null;

  constructor(numGroups: number, numChannels: number, options: GroupNormOptions = {}) {
    super();
    expectInteger('GroupNorm', 'numGroups', numGroups, 1);
    expectInteger('GroupNorm', 'numChannels', numChannels, 1);
    expectOptions('GroupNorm', 'options', options);
    const { eps = 1e-5, affine = true } = options;
    expectNumber('GroupNorm', 'eps', eps);
    expectBoolean('GroupNorm', 'affine', affine);
    if (numChannels % numGroups !== 0) {
      throw new ValueError(
        `num_channels must be divisible by num_groups (got num_channels=${numChannels}, num_groups=${numGroups})`,
      );
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    this.affine = affine;
    this.registerParameter('weight', affine ? ones([numChannels]) : null);
    this.registerParameter('bias', affine ? zeros([numChannels]) : null);
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return groupNorm(x, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${py(this.affine)}`;
  }
}
