// Dropout: in training mode zeroes each element with probability p and scales the rest by 1/(1-p); the identity
// in evaluation mode. Draws from @bn/tensor's default generator. Mirrors torch/nn/modules/dropout.py.
import {
  copy_,
  dropout,
  expectBoolean,
  expectNumber,
  expectOptions,
  type Tensor,
  ValueError,
} from '@bn/tensor';
import { expectInput } from '../arguments.js';
import { Module } from '../module.js';
import { py, pyFloat } from '../repr.js';

export interface DropoutOptions {
  /** Write the result into the input (`copy_`) and return the input, as `F.dropout(..., inplace=True)`. */
  inplace?: boolean;
}

export class Dropout extends Module {
  static override readonly moduleName: string = 'Dropout';
  readonly p: number;
  readonly inplace: boolean;

  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    expectNumber('Dropout', 'p', p);
    expectOptions('Dropout', 'options', options);
    const { inplace = false } = options;
    expectBoolean('Dropout', 'inplace', inplace);
    if (!(p >= 0 && p <= 1))
      throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.inplace = inplace;
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    if (!this.training) return x;
    const y = dropout(x, this.p, { training: true });
    return this.inplace ? copy_(x, y) : y;
  }

  /** `p` prints as a Python float (`p=0.0`; PyTorch prints an int `p` given as `0` as `p=0`). */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${py(this.inplace)}`;
  }
}
