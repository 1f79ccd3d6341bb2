// InstanceNorm2d: every [n, c] plane normalised by its own statistics; running stats only when tracking (off by
// default, and affine off by default). Mirrors torch/nn/modules/instancenorm.py.
import { ArgumentTypeError, expectOptions, instanceNorm, type Tensor } from '@bn/tensor';
import { expectInput } from '../arguments.js';
import { checkInputRank, NormBase, type NormBaseOptions } from './norm-base.js';

export class InstanceNorm2d extends NormBase {
  static override readonly moduleName: string = 'InstanceNorm2d';

  constructor(numFeatures: number, options: NormBaseOptions = {}) {
    expectOptions('InstanceNorm2d', 'options', options);
    const { eps = 1e-5, momentum = 0.1, affine = false, trackRunningStats = false } = options;
    super(numFeatures, { eps, momentum, affine, trackRunningStats });
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    checkInputRank(x, [3, 4]);
    // F.instance_norm has no cumulative average: torch refuses momentum None when the module runs
    if (this.momentum === null) {
      throw new ArgumentTypeError(
        "instance_norm(): argument 'momentum' (position 7) must be float, not NoneType",
      );
    }
    // a [C, H, W] input is one unbatched sample
    const unbatched = x.ndim === 3;
    const y = instanceNorm(unbatched ? x.unsqueeze(0) : x, {
      runningMean: this.runningMean,
      runningVar: this.runningVar,
      weight: this.weight,
      bias: this.bias,
      useInputStats: this.training || !this.trackRunningStats,
      momentum: this.momentum,
      eps: this.eps,
    });
    return unbatched ? y.squeeze(0) : y;
  }
}
