// Flatten: merges dims startDim..endDim into one (the batch dim kept by default), a view where possible.
// Mirrors torch/nn/modules/flatten.py.
import { flatten, type Tensor } from '@bn/tensor';
import { Module } from '../module.js';

export interface FlattenOptions {
  startDim?: number;
  endDim?: number;
}

export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor({ startDim = 1, endDim = -1 }: FlattenOptions = {}) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
