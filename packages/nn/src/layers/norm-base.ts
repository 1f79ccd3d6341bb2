// The state every running-stat normalisation shares (torch's `_NormBase`): the affine weight and bias, and the
// running mean, variance and batch count when tracking. Mirrors torch/nn/modules/batchnorm.py.
import { expectBoolean, expectInteger, expectNumber, ones, type Tensor, ValueError, zeros } from '@bn/tensor';
import { expectNumberOrNull } from '../arguments.js';
import { Module } from '../module.js';
import { moduleName } from '../module-name.js';
import { py, pyFloat } from '../repr.js';

export interface NormBaseOptions {
  eps?: number;
  /** Weight of the batch statistic in the running update; null for the cumulative average. */
  momentum?: number | null;
  /** Learnable per-channel weight (ones) and bias (zeros). */
  affine?: boolean;
  /** Keep running statistics (used in evaluation mode and updated in training mode). */
  trackRunningStats?: boolean;
}

export abstract class NormBase extends Module {
  static override readonly moduleName: string = 'NormBase';
  readonly numFeatures: number;
  eps: number;
  momentum: number | null;
  readonly affine: boolean;
  trackRunningStats: boolean;
  declare weight: Tensor | null;
  declare bias: Tensor | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;

  constructor(numFeatures: number, { eps, momentum, affine, trackRunningStats }: Required<NormBaseOptions>) {
    super();
    const op = moduleName(new.target);
    expectInteger(op, 'numFeatures', numFeatures, 1);
    expectNumber(op, 'eps', eps);
    expectNumberOrNull(op, 'momentum', momentum);
    expectBoolean(op, 'affine', affine);
    expectBoolean(op, 'trackRunningStats', trackRunningStats);
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    this.registerParameter('weight', affine ? ones([numFeatures]) : null);
    this.registerParameter('bias', affine ? zeros([numFeatures]) : null);
    this.registerBuffer('running_mean', trackRunningStats ? zeros([numFeatures]) : null);
    this.registerBuffer('running_var', trackRunningStats ? ones([numFeatures]) : null);
    this.registerBuffer('num_batches_tracked', trackRunningStats ? zeros([], { dtype: 'int32' }) : null);
  }

  /** Running mean 0, variance 1, count 0 (torch's `reset_running_stats`). */
  resetRunningStats(): void {
    this.runningMean?.zero_();
    this.runningVar?.fill_(1);
    this.numBatchesTracked?.zero_();
  }

  override extraRepr(): string {
    return (
      `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, ` +
      `affine=${py(this.affine)}, track_running_stats=${py(this.trackRunningStats)}`
    );
  }
}

/** PyTorch's input-rank check: `expected 4D input (got 3D input)`. */
export function checkInputRank(x: Tensor, ranks: readonly number[]): void {
  if (!ranks.includes(x.ndim)) {
    throw new ValueError(`expected ${ranks.map((r) => `${r}D`).join(' or ')} input (got ${x.ndim}D input)`);
  }
}
