// BatchNorm1d/2d/3d (torch's `_BatchNorm` and subclasses): batch statistics and running-stat updates in training,
// running statistics in evaluation, and, with `axisName`, statistics shared across a named vmap axis.
// Mirrors torch/nn/modules/batchnorm.py.
import { add, axisFrame, batchNorm, expectOptions, expectString, type Tensor } from '@bn/tensor';
import { expectInput } from '../arguments.js';
import { moduleName } from '../module-name.js';
import { axisBatchNorm } from './axis-batchnorm.js';
import { checkInputRank, NormBase, type NormBaseOptions } from './norm-base.js';

export interface BatchNormOptions extends NormBaseOptions {
  /**
   * Under `vmap(..., { axisName })` with this name, the batch statistics are averaged over the mapped axis
   * (`pmean`), so the mapped model computes what the unmapped one does on the whole batch and the (unbatched)
   * running stats update. Outside such a vmap the module is a plain BatchNorm.
   */
  axisName?: string;
}

export abstract class BatchNorm extends NormBase {
  static override readonly moduleName: string = 'BatchNorm';
  readonly axisName: string | undefined;
  /** Input ranks of a batch ([N, C, *]). */
  protected abstract readonly batchRanks: readonly number[];
  /** Rank of one sample ([C, *]), accepted under the named axis, where a vmap over samples removed N. */
  protected abstract readonly sampleRank: number;

  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    expectOptions(moduleName(new.target), 'options', options);
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, axisName } = options;
    super(numFeatures, { eps, momentum, affine, trackRunningStats });
    if (axisName !== undefined) expectString(moduleName(new.target), 'axisName', axisName);
    this.axisName = axisName;
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    const axis = this.axisName === undefined ? undefined : axisFrame(this.axisName);
    checkInputRank(x, axis ? [this.sampleRank, ...this.batchRanks] : this.batchRanks);
    const counted = this.training && this.trackRunningStats ? this.numBatchesTracked : null;
    // torch counts the batch before normalising (the cumulative average divides by the new count); the count is
    // written only once normalising succeeded, so a failed forward writes nothing (and moves no version counter)
    const count = counted && add(counted, 1);
    const y = this.#normalize(x, axis?.size, count);
    if (counted) counted.copy_(count!);
    return y;
  }

  /** The normalisation with `numBatchesTracked`, the batch count including this batch (null: not counting). */
  #normalize(x: Tensor, axisSize: number | undefined, numBatchesTracked: Tensor | null): Tensor {
    // batch statistics in training, and in evaluation when there are no running stats
    const useBatchStats = this.training || (this.runningMean === null && this.runningVar === null);
    // in training, the buffers are only passed (and updated) when tracking
    const tracked = !this.training || this.trackRunningStats;
    const runningMean = tracked ? this.runningMean : null;
    const runningVar = tracked ? this.runningVar : null;
    // torch's factor for the cumulative average is 0 when there is no batch count: the running stats stay as they are
    const momentum = this.momentum ?? (numBatchesTracked === null ? 0 : null);
    const options = { weight: this.weight, bias: this.bias, momentum, eps: this.eps };
    // under the named axis one sample [C, *] is normalised as a batch of one [1, C, *], in evaluation too
    const sample = axisSize !== undefined && x.ndim === this.sampleRank;
    const batch = sample ? x.unsqueeze(0) : x;
    const y =
      axisSize !== undefined && useBatchStats
        ? axisBatchNorm(batch, runningMean, runningVar, {
            ...options,
            axisName: this.axisName!,
            axisSize,
            training: this.training,
            numBatchesTracked,
          })
        : batchNorm(batch, runningMean, runningVar, {
            ...options,
            training: useBatchStats,
            numBatchesTracked,
          });
    return sample ? y.squeeze(0) : y;
  }

  override extraRepr(): string {
    const axis = this.axisName === undefined ? '' : `, axis_name='${this.axisName}'`;
    return super.extraRepr() + axis;
  }
}

/** BatchNorm over [N, C] or [N, C, L] inputs. */
export class BatchNorm1d extends BatchNorm {
  static override readonly moduleName: string = 'BatchNorm1d';
  protected readonly batchRanks = [2, 3];
  protected readonly sampleRank = 1;
}

/** BatchNorm over [N, C, H, W] inputs. */
export class BatchNorm2d extends BatchNorm {
  static override readonly moduleName: string = 'BatchNorm2d';
  protected readonly batchRanks = [4];
  protected readonly sampleRank = 3;
}

/** BatchNorm over [N, C, D, H, W] inputs. */
export class BatchNorm3d extends BatchNorm {
  static override readonly moduleName: string = 'BatchNorm3d';
  protected readonly batchRanks = [5];
  protected readonly sampleRank = 4;
}
