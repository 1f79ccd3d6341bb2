// replaceAllBatchNormModules_ against functorch 1.13's replace_all_batch_norm_modules_ (fixtures/patch.json) and
// against vmap: before patching vmap throws functorch's BatchNorm error, afterwards it equals the per-member loop.
import { BatchNorm, BatchNorm2d, GroupNorm, InstanceNorm2d, Sequential } from '@bn/nn';
import { ArgumentTypeError, type Tensor } from '@bn/tensor';
import { decodeTensor, expectClose } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { replaceAllBatchNormModules_ } from '../src/index.js';
import { batchedInput, fixture, input, loopOverMembers, makeNet, modulesOf } from './net.js';

const expected = fixture.replace_all;
// float32 convolutions and norms summed in another order than PyTorch's
const [RTOL, ATOL] = [1e-5, 1e-5];

describe('replaceAllBatchNormModules_ (functorch fixture)', () => {
  it('loads PyTorch weights and matches its training forward and running-stat update before patching', () => {
    const net = makeNet();
    expectClose(net.forward(input()), decodeTensor(expected.train_out_before), RTOL, ATOL, 'train out');
    const buffers = Object.fromEntries(net.namedBuffers());
    expect(Object.keys(buffers)).toEqual(Object.keys(expected.buffers_after_forward));
    for (const [key, e] of Object.entries(expected.buffers_after_forward)) {
      expectClose(buffers[key]!, decodeTensor(e), RTOL, ATOL, key);
    }
  });

  it('has the same state-dict keys, flags, null buffers and repr as functorch after patching, and returns root', () => {
    const net = makeNet();
    expect(replaceAllBatchNormModules_(net)).toBe(net);
    expect(Object.keys(net.stateDict())).toEqual(expected.keys_after);
    const report = modulesOf(net, BatchNorm).map(([path, bn]) => ({
      path,
      track_running_stats: bn.trackRunningStats,
      none_buffers: (['runningMean', 'runningVar', 'numBatchesTracked'] as const)
        .filter((k) => bn[k] === null)
        .map(
          (k) =>
            ({
              runningMean: 'running_mean',
              runningVar: 'running_var',
              numBatchesTracked: 'num_batches_tracked',
            })[k],
        ),
    }));
    expect(report).toEqual(expected.batch_norms_after);
    expect(net.toString()).toBe(expected.repr_after);
  });

  it('matches PyTorch in training and in eval mode (batch statistics in both) after patching', () => {
    const net = replaceAllBatchNormModules_(makeNet());
    expectClose(net.forward(input()), decodeTensor(expected.train_out_after), RTOL, ATOL, 'train out');
    net.eval();
    expectClose(net.forward(input()), decodeTensor(expected.eval_out_after), RTOL, ATOL, 'eval out');
  });

  it('makes vmap work: before, vmap throws functorch BatchNorm error; after, it equals the loop and functorch', () => {
    const net = makeNet();
    const before = net.stateDict();
    const snapshot = Object.fromEntries(Object.entries(before).map(([k, t]) => [k, t.clone()]));
    expect(() => vmap(net)(batchedInput())).toThrow(expected.vmap_error_before);
    // the refused call changed nothing (not even num_batches_tracked)
    for (const [k, t] of Object.entries(net.stateDict())) expectClose(t, snapshot[k]!, 0, 0, k);

    replaceAllBatchNormModules_(net);
    const mapped = vmap(net)(batchedInput()) as Tensor;
    expectClose(mapped, loopOverMembers(net, batchedInput()), RTOL, ATOL, 'vmap vs loop');
    expectClose(mapped, decodeTensor(expected.vmap_out_after), RTOL, ATOL, 'vmap vs functorch');
  });

  it('patches the root itself when it is a BatchNorm, and leaves other norms alone (functorch checks _BatchNorm)', () => {
    const bn = new BatchNorm2d(4);
    expect(replaceAllBatchNormModules_(bn)).toBe(bn);
    expect([bn.trackRunningStats, bn.runningMean, bn.runningVar, bn.numBatchesTracked]).toEqual([
      false,
      null,
      null,
      null,
    ]);

    const instanceNorm = new InstanceNorm2d(4, { trackRunningStats: true });
    const net = new Sequential(new GroupNorm(2, 4), instanceNorm);
    const keys = Object.keys(net.stateDict());
    replaceAllBatchNormModules_(net);
    expect(Object.keys(net.stateDict())).toEqual(keys);
    expect(instanceNorm.trackRunningStats).toBe(true);
  });

  it('rejects a root that is not a Module', () => {
    expect(() => replaceAllBatchNormModules_({} as never)).toThrow(
      new ArgumentTypeError(
        "replaceAllBatchNormModules_(): argument 'root' must be a Module, but got an Object",
      ),
    );
  });
});
