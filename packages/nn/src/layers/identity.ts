// Identity: returns its input; takes and ignores any constructor arguments, as PyTorch's placeholder does.
// Mirrors torch/nn/modules/linear.py (Identity).
import type { Tensor } from '@bn/tensor';
import { Module } from '../module.js';

export class Identity extends Module {
  static override readonly moduleName: string = 'Identity';

  /** Every argument is accepted and ignored. */
  constructor(..._args: unknown[]) {
    super();
  }

  forward(x: Tensor): Tensor {
    return x;
  }
}
