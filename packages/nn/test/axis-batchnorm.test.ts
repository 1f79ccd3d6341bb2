// BatchNorm2d({ axisName }) under vmap: a model written for one sample [C, H, W] (or one group [N, C, H, W]) mapped
// with `vmap(model, { axisName })` computes what its twin without axisName computes on the whole batch, running
// stats included; outside that vmap it is a plain BatchNorm2d, and the failures are functorch's.

import { batchNorm, RuntimeError, randn, type Tensor, ValueError, zeros } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../src/containers.js';
import { ReLU } from '../src/layers/activation.js';
import { BatchNorm2d, type BatchNormOptions } from '../src/layers/batchnorm.js';
import { Conv2d } from '../src/layers/conv.js';

// the mapped model reduces per member then averages over the axis; the twin reduces over the batch at once: float32
// results of two summation orders (both accumulate in float64)
const RTOL = 1e-5;
const ATOL = 1e-5;
const AXIS = 'batch';

/** Conv2d(2, 3, 3, padding=1) - BatchNorm2d(3) - ReLU, with random BatchNorm weights. */
function model(options: BatchNormOptions): Sequential {
  const net = new Sequential(new Conv2d(2, 3, 3, { padding: 1 }), new BatchNorm2d(3, options), new ReLU());
  const bn = net.at(1) as BatchNorm2d;
  bn.weight!.copy_(randn([3]).mul(0.5).add(1));
  bn.bias!.copy_(randn([3]).mul(0.5));
  return net;
}

/** The model (named-axis BatchNorm) and its twin without axisName, with the same weights. */
function twins(momentum: number | null): [Sequential, Sequential] {
  const named = model({ axisName: AXIS, momentum });
  const plain = model({ momentum });
  plain.loadStateDict(named.stateDict());
  return [named, plain];
}

function bnOf(net: Sequential): BatchNorm2d {
  return net.at(1) as BatchNorm2d;
}

/** Running mean, variance and batch count, as copies. */
function stats(net: Sequential): Tensor[] {
  const bn = bnOf(net);
  return [bn.runningMean!.clone(), bn.runningVar!.clone(), bn.numBatchesTracked!.clone()];
}

function expectSameStats(actual: Sequential, expected: Sequential, what: string): void {
  const [mean, variance, count] = stats(actual);
  const [mean0, var0, count0] = stats(expected);
  expectClose(mean!, mean0!, RTOL, ATOL, `${what} running_mean`);
  expectClose(variance!, var0!, RTOL, ATOL, `${what} running_var`);
  expectClose(count!, count0!, 0, 0, `${what} num_batches_tracked`);
}

/** The running stats of `net` equal `before` (a `stats` snapshot) exactly. */
function expectUnchanged(net: Sequential, before: Tensor[]): void {
  for (const [i, t] of stats(net).entries()) expectClose(t, before[i]!, 0, 0);
}

/** An input with channel means and scales away from 0 and 1. */
function input(shape: number[]): Tensor {
  return randn(shape).mul(1.5).add(0.7);
}

describe.each([0.1, null])('BatchNorm2d({ axisName }) with momentum %s', (momentum) => {
  it('vmap over samples [C, H, W] equals the twin on the batch, for 2 training steps', () => {
    const [named, plain] = twins(momentum);
    const mapped = vmap(named, { axisName: AXIS });
    for (let step = 0; step < 2; step++) {
      const x = input([5, 2, 3, 4]);
      expectClose(mapped(x), plain.forward(x), RTOL, ATOL, `step ${step} output`);
      expectSameStats(named, plain, `step ${step}`);
    }
    expect(bnOf(named).numBatchesTracked!.item()).toBe(2);
  });

  it('vmap over groups [N, C, H, W] equals the twin on all groups flattened into one batch', () => {
    const [named, plain] = twins(momentum);
    const mapped = vmap(named, { axisName: AXIS });
    for (let step = 0; step < 2; step++) {
      const x = input([3, 2, 2, 3, 3]);
      const whole = plain.forward(x.reshape([6, 2, 3, 3]));
      expectClose(mapped(x), whole.reshape([3, 2, 3, 3, 3]), RTOL, ATOL, `step ${step} output`);
      expectSameStats(named, plain, `step ${step}`);
    }
  });

  it('in eval mode uses the running stats reached in training', () => {
    const [named, plain] = twins(momentum);
    vmap(named, { axisName: AXIS })(input([4, 2, 3, 3]));
    plain.loadStateDict(named.stateDict()); // the running stats reached
    named.eval();
    plain.eval();
    const before = stats(named);
    const x = input([4, 2, 3, 3]);
    const out = vmap(named, { axisName: AXIS })(x);
    expectClose(out, plain.forward(x), RTOL, ATOL);
    // the formula with the running stats, from the layers' tensors
    const bn = bnOf(named);
    const features = named.at(0).forward(x) as Tensor;
    const normed = batchNorm(features, bn.runningMean, bn.runningVar, { weight: bn.weight, bias: bn.bias });
    expectClose(out, normed.relu(), RTOL, ATOL);
    expectUnchanged(named, before);
  });

  it('outside any vmap it is a plain BatchNorm2d', () => {
    const [named, plain] = twins(momentum);
    for (let step = 0; step < 2; step++) {
      const x = input([4, 2, 3, 3]);
      expectClose(named.forward(x), plain.forward(x), RTOL, ATOL, `step ${step} output`);
      expectSameStats(named, plain, `step ${step}`);
    }
  });
});

describe('BatchNorm2d({ axisName }) failures', () => {
  const BATCH_NORM_ERROR =
    'Batch norm got a batched tensor as input while the running_mean or running_var, which will be updated in ' +
    'place, were not batched.';

  it("under a vmap that binds another name, or none, a group model gets functorch's BatchNorm error", () => {
    const [named] = twins(0.1);
    const before = stats(named);
    const x = input([3, 2, 2, 3, 3]);
    for (const options of [{ axisName: 'other' }, {}]) {
      const call = () => vmap(named, options)(x);
      expect(call).toThrow(RuntimeError);
      expect(call).toThrow(BATCH_NORM_ERROR);
      expectUnchanged(named, before);
    }
  });

  it('a sample model under a vmap without its name sees a 3-D input, as BatchNorm2d outside vmap', () => {
    const [named] = twins(0.1);
    expect(() => vmap(named, { axisName: 'other' })(input([4, 2, 3, 3]))).toThrow(
      'expected 4D input (got 3D input)',
    );
    expect(bnOf(named).numBatchesTracked!.item()).toBe(0);
  });

  it('an outer plain vmap around the named one cannot write its batched statistics: in-place error, nothing changed', () => {
    const [named] = twins(0.1);
    const before = stats(named);
    const inner = vmap(named, { axisName: AXIS });
    const call = () => vmap((xs: Tensor) => inner(xs))(input([2, 4, 2, 3, 3]));
    expect(call).toThrow(RuntimeError);
    expect(call).toThrow('vmap: inplace arithmetic(self, *extra_args) is not possible');
    expectUnchanged(named, before);
  });

  it("an axis of 1 member with 1x1 spatial size has 1 value per channel: PyTorch's error, nothing changed", () => {
    const bn = new BatchNorm2d(3, { axisName: AXIS });
    const call = () => vmap(bn, { axisName: AXIS })(randn([1, 3, 1, 1]));
    expect(call).toThrow(ValueError);
    expect(call).toThrow(/^Expected more than 1 value per channel when training/);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expectClose(bn.runningMean!, zeros([3]), 0, 0);
    // two members of 1x1 are two values per channel
    expect(() => vmap(bn, { axisName: AXIS })(randn([2, 3, 1, 1]))).not.toThrow();
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });
});
