// normLayers: each factory makes the module and configuration it names, rejects bad arguments, and a net built
// with the vmap-safe ones runs under vmap (equal to the loop); the plain batchNorm one fails there as PyTorch's.
import { BatchNorm2d, Conv2d, GroupNorm, ReLU, Sequential } from '@bn/nn';
import { ArgumentTypeError, Generator, randn, ValueError } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { defaultNumGroups, findVmapIncompatibilities, type NormLayer, normLayers } from '../src/index.js';
import { loopOverMembers } from './net.js';

/** A ResNet-like stem whose norms come from `normLayer`, as torchvision threads `norm_layer`. */
function stem(normLayer: NormLayer): Sequential {
  return new Sequential(
    new Conv2d(3, 16, 3, { padding: 1, bias: false }),
    normLayer(16),
    new ReLU(),
    new Conv2d(16, 48, 3, { padding: 1, bias: false }),
    normLayer(48),
  );
}

describe('normLayers', () => {
  it('groupNorm: GroupNorm(G, c) with G a count or a function of c, and its options', () => {
    const fixed = normLayers.groupNorm(4, { eps: 1e-3 })(48);
    expect(fixed).toBeInstanceOf(GroupNorm);
    expect(fixed.toString()).toBe('GroupNorm(4, 48, eps=0.001, affine=True)');
    expect(
      normLayers
        .groupNorm((c) => c / 8, { affine: false })(48)
        .toString(),
    ).toBe('GroupNorm(6, 48, eps=1e-05, affine=False)');
  });

  it('groupNorm: a channel count that G does not divide throws GroupNorm message and the count', () => {
    const factory = normLayers.groupNorm(32);
    expect(() => factory(48)).toThrow(ValueError);
    expect(() => factory(48)).toThrow(
      'normLayers.groupNorm: cannot make a GroupNorm for 48 channels in 32 groups: num_channels must be divisible ' +
        'by num_groups (got num_channels=48, num_groups=32)',
    );
  });

  it('batchNormNoStats, batchNormAxis, batchNorm: BatchNorm2d with the configuration named', () => {
    const noStats = normLayers.batchNormNoStats({ momentum: 0.3 })(8) as BatchNorm2d;
    expect(noStats).toBeInstanceOf(BatchNorm2d);
    expect([noStats.trackRunningStats, noStats.runningMean, noStats.momentum]).toEqual([false, null, 0.3]);
    const axis = normLayers.batchNormAxis('batch', { eps: 1e-3 })(8) as BatchNorm2d;
    expect(axis.toString()).toBe(
      "BatchNorm2d(8, eps=0.001, momentum=0.1, affine=True, track_running_stats=True, axis_name='batch')",
    );
    expect(axis.axisName).toBe('batch');
    const plain = normLayers.batchNorm({ affine: false })(8);
    expect(plain.toString()).toBe(
      'BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=False, track_running_stats=True)',
    );
  });

  it('validates arguments with clear errors', () => {
    expect(() => normLayers.groupNorm('32' as never)).toThrow(
      new ArgumentTypeError(
        "normLayers.groupNorm(): argument 'numGroups' must be a positive integer or a function (channels) => " +
          'number, but got a string',
      ),
    );
    expect(() => normLayers.groupNorm(2.5)).toThrow(
      new ValueError('normLayers.groupNorm: expected numGroups to be a positive integer, but got 2.5'),
    );
    expect(() => normLayers.groupNorm(2, null as never)).toThrow(
      new ArgumentTypeError(
        "normLayers.groupNorm(): argument 'options' must be an options object, but got null",
      ),
    );
    expect(() => normLayers.batchNormNoStats({ trackRunningStats: true } as never)).toThrow(
      new ValueError(
        'normLayers.batchNormNoStats: it makes BatchNorms without running stats, so options cannot set trackRunningStats',
      ),
    );
    expect(() => normLayers.batchNormAxis(3 as never)).toThrow(
      new ArgumentTypeError(
        "normLayers.batchNormAxis(): argument 'axisName' must be a string, but got a number",
      ),
    );
    expect(() => normLayers.batchNormAxis('')).toThrow(
      new ValueError('normLayers.batchNormAxis: expected axisName to be a non-empty string'),
    );
    expect(() => normLayers.batchNormAxis('a', { axisName: 'b' } as never)).toThrow(
      new ValueError(
        'normLayers.batchNormAxis: its first argument is the axis name, so options cannot set axisName',
      ),
    );
    expect(() => normLayers.batchNorm([] as never)).toThrow(
      new ArgumentTypeError(
        "normLayers.batchNorm(): argument 'options' must be an options object, but got an array",
      ),
    );
    expect(() => normLayers.batchNormNoStats(new Map() as never)).toThrow(
      new ArgumentTypeError(
        "normLayers.batchNormNoStats(): argument 'options' must be an options object, but got a Map",
      ),
    );
    // a wrong channel count would never end the gcd loop
    expect(() => defaultNumGroups('64' as never)).toThrow(
      new ArgumentTypeError("defaultNumGroups(): argument 'channels' must be an integer, but got a string"),
    );
    expect(() => defaultNumGroups(0)).toThrow(
      new ValueError("defaultNumGroups(): argument 'channels' must be an integer >= 1, but got 0"),
    );
  });

  describe('a net built with them under vmap in training mode', () => {
    // 3 members, each a batch of 2 images
    const x = () => randn([3, 2, 3, 5, 5], { generator: new Generator(7) });

    it('groupNorm and batchNormNoStats: listed as fine, and vmap equals the loop', () => {
      for (const factory of [normLayers.groupNorm(8), normLayers.batchNormNoStats()]) {
        const net = stem(factory);
        expect(findVmapIncompatibilities(net)).toEqual([]);
        const looped = loopOverMembers(net, x());
        expectClose(vmap(net)(x()) as never, looped, 1e-5, 1e-5, 'vmap vs loop');
      }
    });

    it('batchNormAxis: vmap over single samples equals the whole batch at once, running stats included', () => {
      const net = stem(normLayers.batchNormAxis('batch'));
      const reference = stem(normLayers.batchNorm());
      reference.loadStateDict(net.stateDict());
      const batch = randn([6, 3, 5, 5], { generator: new Generator(8) });
      expect(findVmapIncompatibilities(net, { axisName: 'batch' })).toEqual([]);
      const mapped = vmap(net, { axisName: 'batch' })(batch) as never;
      expectClose(mapped, reference.forward(batch) as never, 1e-4, 1e-5, 'vmap over samples vs batch');
      for (const [k, t] of Object.entries(reference.stateDict()))
        expectClose(net.stateDict()[k]!, t, 1e-4, 1e-5, k);
    });

    it('batchNorm (the default): vmap refuses it in training, as PyTorch', () => {
      const net = stem(normLayers.batchNorm());
      expect(findVmapIncompatibilities(net).map(({ path }) => path)).toEqual(['1', '4']);
      expect(() => vmap(net)(x())).toThrow('Batch norm got a batched tensor as input');
    });
  });
});
