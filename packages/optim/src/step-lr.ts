// StepLR (torch/optim/lr_scheduler.py): every `stepSize` epochs each group's learning rate is multiplied by `gamma`.
import { expectInteger, expectNumber } from '@bn/tensor';
import { type AnyOptimizer, LRScheduler } from './lr-scheduler.js';

export interface StepLROptions {
  /** How many epochs between two decays. */
  stepSize: number;
  /** The factor of each decay (default 0.1). */
  gamma?: number;
  /** The epoch to resume from (default -1: start; otherwise every group needs `initialLr`). */
  lastEpoch?: number;
}

/** Decays each group's learning rate by `gamma` every `stepSize` epochs: `lr = initialLr * gamma ** floor(epoch / stepSize)`. */
export class StepLR extends LRScheduler<{ stepSize: number; gamma: number }> {
  constructor(optimizer: AnyOptimizer, { stepSize, gamma = 0.1, lastEpoch = -1 }: StepLROptions) {
    super('StepLR', optimizer, { stepSize, gamma }, lastEpoch);
  }

  protected checkOptions({ stepSize, gamma }: Record<string, unknown>): void {
    expectInteger('StepLR', 'stepSize', stepSize, 1);
    expectNumber('StepLR', 'gamma', gamma);
  }

  protected getLr(): number[] {
    const { stepSize, gamma } = this.options;
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * gamma);
  }

  protected closedFormLr(): number[] {
    const { stepSize, gamma } = this.options;
    return this.baseLrs.map((base) => base * gamma ** Math.floor(this.lastEpoch / stepSize));
  }
}
