// CosineAnnealingLR (torch/optim/lr_scheduler.py, torch 1.13): each group's learning rate follows a cosine from its
// initial value down to `etaMin` over `tMax` epochs, and back up over the next `tMax` (SGDR without restarts).
import { expectInteger, expectNumber } from '@bn/tensor';
import { type AnyOptimizer, LRScheduler } from './lr-scheduler.js';

export interface CosineAnnealingLROptions {
  /** Half the cosine's period, in epochs. */
  tMax: number;
  /** The smallest learning rate (default 0). */
  etaMin?: number;
  /** The epoch to resume from (default -1: start; otherwise every group needs `initialLr`). */
  lastEpoch?: number;
}

/**
 * Anneals each group's learning rate along `etaMin + (initialLr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2`,
 * computed step by step from the current learning rate as PyTorch does (so changes made to it in between carry on).
 */
export class CosineAnnealingLR extends LRScheduler<{ tMax: number; etaMin: number }> {
  constructor(optimizer: AnyOptimizer, { tMax, etaMin = 0, lastEpoch = -1 }: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer, { tMax, etaMin }, lastEpoch);
  }

  protected checkOptions({ tMax, etaMin }: Record<string, unknown>): void {
    expectInteger('CosineAnnealingLR', 'tMax', tMax, 1);
    expectNumber('CosineAnnealingLR', 'etaMin', etaMin);
  }

  protected getLr(): number[] {
    const { tMax, etaMin } = this.options;
    const epoch = this.lastEpoch;
    const lrs = this.currentLrs();
    if (epoch === 0) return lrs;
    // the first step of a scheduler resumed past epoch 0: the closed form
    if (this.stepCount === 1 && epoch > 0) return this.closedFormLr();
    // the bottom of a period: step up from etaMin (the recursive ratio would divide by zero there)
    if ((epoch - 1 - tMax) % (2 * tMax) === 0) {
      return lrs.map((lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return lrs.map(
      (lr) =>
        ((1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) *
          (lr - etaMin) +
        etaMin,
    );
  }

  protected closedFormLr(): number[] {
    const { tMax, etaMin } = this.options;
    return this.baseLrs.map(
      (base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / tMax))) / 2,
    );
  }
}
