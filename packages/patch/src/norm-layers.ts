// Option 2 of PyTorch's "Patching Batch Norm": `normLayer` factories, `(channels) => Module`, for builders that
// take one (torchvision's ResNet/RegNet `norm_layer`, @bn/models' `normLayer`). Mirrors the docs' examples
// `lambda c: GroupNorm(g, c)` and `partial(BatchNorm2d, track_running_stats=False)` (docs/source/func.batch_norm.rst).
import { BatchNorm2d, type BatchNormOptions, GroupNorm, type GroupNormOptions, type NormLayer } from '@bn/nn';
import { ArgumentTypeError, describeValue, expectOptions, ValueError } from '@bn/tensor';
import { checkNumGroups, type NumGroups, numGroupsFor } from './num-groups.js';

/** Throws if `options` sets `key`, which the factory itself decides. */
function refuseOption(fn: string, options: object, key: string, why: string): void {
  if (key in options) throw new ValueError(`${fn}: ${why}, so options cannot set ${key}`);
}

/**
 * Each factory is typed `NormLayer`, a maker of any Module, as torchvision's `norm_layer` is any callable: one
 * stands in for another, so a parameter whose default is `normLayers.batchNorm()` takes `normLayers.groupNorm(8)`.
 */
export const normLayers = {
  /**
   * `(c) => new GroupNorm(G, c, options)` with G a count or a function of c (e.g. `(c) => Math.min(32, c)`);
   * throws, naming the channel count, when G does not divide c. No running stats: vmap-safe in any mode.
   */
  groupNorm(numGroups: NumGroups, options: GroupNormOptions = {}): NormLayer {
    const fn = 'normLayers.groupNorm';
    checkNumGroups(fn, numGroups);
    expectOptions(fn, 'options', options);
    return (channels) => {
      const groups = numGroupsFor(numGroups, channels);
      try {
        return new GroupNorm(groups, channels, options);
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        throw new ValueError(
          `${fn}: cannot make a GroupNorm for ${channels} channels in ${groups} groups: ${e.message}`,
        );
      }
    };
  },

  /** `(c) => new BatchNorm2d(c, { ...options, trackRunningStats: false })`: batch statistics in every mode. */
  batchNormNoStats(options: Omit<BatchNormOptions, 'trackRunningStats'> = {}): NormLayer {
    const fn = 'normLayers.batchNormNoStats';
    expectOptions(fn, 'options', options);
    refuseOption(fn, options, 'trackRunningStats', 'it makes BatchNorms without running stats');
    return (channels) => new BatchNorm2d(channels, { ...options, trackRunningStats: false });
  },

  /**
   * `(c) => new BatchNorm2d(c, { ...options, axisName })`: under `vmap(model, { axisName })` the statistics span the
   * mapped axis and the running stats keep updating.
   */
  batchNormAxis(axisName: string, options: Omit<BatchNormOptions, 'axisName'> = {}): NormLayer {
    const fn = 'normLayers.batchNormAxis';
    if (typeof axisName !== 'string') {
      throw new ArgumentTypeError(
        `${fn}(): argument 'axisName' must be a string, but got ${describeValue(axisName)}`,
      );
    }
    if (axisName === '') throw new ValueError(`${fn}: expected axisName to be a non-empty string`);
    expectOptions(fn, 'options', options);
    refuseOption(fn, options, 'axisName', 'its first argument is the axis name');
    return (channels) => new BatchNorm2d(channels, { ...options, axisName });
  },

  /** `(c) => new BatchNorm2d(c, options)`: the builders' default, which vmap refuses in training with running stats. */
  batchNorm(options: BatchNormOptions = {}): NormLayer {
    expectOptions('normLayers.batchNorm', 'options', options);
    return (channels) => new BatchNorm2d(channels, options);
  },
};
