// Flatten: merges dims startDim..endDim into one (the batch dim kept by default), a view where possible.
// Mirrors torch/nn/modules/flatten.py.
import { expectInteger, expectOptions, flatten, type Tensor } from '@bn/tensor';
import { expectInput } from '../arguments.js';
import { Module } from '../module.js';

export interface FlattenOptions {
  startDim?: number;
  endDim?: number;
}

export class Flatten extends Module {
  static override readonly moduleName: string = 'Flatten';
  readonly startDim: number;
  readonly endDim: number;

  constructor(options: FlattenOptions = {}) {
    super();
    expectOptions('Flatten', 'options', options);
    const { startDim = 1, endDim = -1 } = options;
    expectInteger('Flatten', 'startDim', startDim);
    expectInteger('Flatten', 'endDim', endDim);
    this.startDim = startDim;
    this.endDim = endDim;
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
