// Linear: y = x W^T + b over @bn/tensor's linear, with PyTorch 1.13's default initialisation and repr.
// Mirrors torch/nn/modules/linear.py.
import { expectBoolean, expectInteger, expectOptions, linear, type Tensor, zeros } from '@bn/tensor';
import { expectInput } from '../arguments.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { py } from '../repr.js';

export interface LinearOptions {
  /** Learnable bias [outFeatures]. */
  bias?: boolean;
}

export class Linear extends Module {
  static override readonly moduleName: string = 'Linear';
  readonly inFeatures: number;
  readonly outFeatures: number;
  declare weight: Tensor;
  declare bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    expectInteger('Linear', 'inFeatures', inFeatures, 0);
    expectInteger('Linear', 'outFeatures', outFeatures, 0);
    expectOptions('Linear', 'options', options);
    const { bias = true } = options;
    expectBoolean('Linear', 'bias', bias);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.registerParameter('weight', zeros([outFeatures, inFeatures]));
    this.registerParameter('bias', bias ? zeros([outFeatures]) : null);
    this.resetParameters();
  }

  /**
   * PyTorch's default initialisation, from the default generator: weight ~ kaiming_uniform(a=sqrt(5)), i.e.
   * U(-1/sqrt(inFeatures), 1/sqrt(inFeatures)), and bias ~ the same range (zero when inFeatures is 0).
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias === null) return;
    const [fanIn] = calculateFanInAndFanOut(this.weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(this.bias, -bound, bound);
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${py(this.bias !== null)}`;
  }
}
