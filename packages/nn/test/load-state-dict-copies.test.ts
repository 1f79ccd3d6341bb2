// loadStateDict stays all or nothing when a value passes the key and shape checks but cannot be copied: a tensor
// escaped from a vmap, a value batched by a running vmap while the model is not, a target whose elements share
// memory. After the error every parameter and buffer holds the same bits and the same storage version.
import { ones, RuntimeError, randn, type Tensor, zeros } from '@bn/tensor';
import { expectTensorsUnchanged, snapshotTensors } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d, Conv2d, Flatten, Linear, ReLU, Sequential } from '../src/index.js';

const makeNet = () =>
  new Sequential(
    new Conv2d(2, 4, 3),
    new BatchNorm2d(4),
    new ReLU(),
    new Conv2d(4, 4, 1),
    new BatchNorm2d(4),
    new Flatten(),
    new Linear(4, 3),
  );

/** A checkpoint of the net's shape, every float entry random. */
function checkpoint(): Record<string, Tensor> {
  const sd = makeNet().stateDict();
  return Object.fromEntries(
    Object.entries(sd).map(([k, t]) => [k, t.dtype === 'float32' ? randn(t.shape) : t.clone()]),
  );
}

/** loadStateDict's error for the value of `key` (of `shape` in the model and the checkpoint) that failed with `reason`. */
function copyFailure(key: string, shape: string, reason: string): string {
  return (
    `Error(s) in loading state_dict for Sequential:\n\tWhile copying the parameter named "${key}", whose dimensions ` +
    `in the model are ${shape} and whose dimensions in the checkpoint are ${shape}, an exception occurred: ${reason}`
  );
}

describe('loadStateDict with values that cannot be copied', () => {
  it('refuses a tensor escaped from a vmap before writing anything', () => {
    let escaped: Tensor | undefined;
    vmap((x: Tensor) => {
      escaped = x;
      return x;
    })(randn([5, 3]));
    const net = makeNet();
    const before = snapshotTensors(net.stateDict());
    // the last key: every other entry comes first in the copy order
    const sd = { ...checkpoint(), '6.bias': escaped! };
    const escapedError =
      'a Tensor of shape [3] escaped from a vmap (level 1) that has already returned; return it from the ' +
      'transformed function instead of storing it outside';
    expect(() => net.loadStateDict(sd)).toThrow(new RuntimeError(copyFailure('6.bias', '[3]', escapedError)));
    expectTensorsUnchanged(net.stateDict(), before);
  });

  it('refuses a value batched by a running vmap while the model is not, before writing anything', () => {
    const net = makeNet();
    const before = snapshotTensors(net.stateDict());
    const sd = checkpoint();
    const loadInside = vmap((bias: Tensor) => {
      net.loadStateDict({ ...sd, '6.bias': bias });
      return bias;
    });
    const inplaceError =
      'vmap: inplace arithmetic(self, *extra_args) is not possible because there exists a Tensor';
    expect(() => loadInside(randn([5, 3]))).toThrow(copyFailure('6.bias', '[3]', inplaceError));
    expectTensorsUnchanged(net.stateDict(), before);
  });

  it('refuses to write into a target whose elements share memory, before writing anything', () => {
    const net = makeNet();
    const bn = net.at(4) as BatchNorm2d;
    bn.runningVar = ones([1]).expand([4]);
    const before = snapshotTensors(net.stateDict());
    const sharedError =
      'copy_(): unsupported operation: more than one element of the written-to tensor refers to a single memory ' +
      'location. Please clone() the tensor before performing the operation.';
    expect(() => net.loadStateDict(checkpoint())).toThrow(
      new RuntimeError(copyFailure('4.running_var', '[4]', sharedError)),
    );
    expectTensorsUnchanged(net.stateDict(), before);
  });

  it('lists every value that cannot be copied in one error', () => {
    const net = makeNet();
    (net.at(1) as BatchNorm2d).runningMean = zeros([1]).expand([4]);
    (net.at(4) as BatchNorm2d).runningMean = zeros([1]).expand([4]);
    const before = snapshotTensors(net.stateDict());
    expect(() => net.loadStateDict(checkpoint())).toThrow(
      /named "1\.running_mean".*\n\tWhile copying the parameter named "4\.running_mean"/,
    );
    expectTensorsUnchanged(net.stateDict(), before);
  });

  it('reads every value before writing any: values that are views of the targets load as they were', () => {
    const net = makeNet();
    const [conv, bn] = [net.at(3) as Conv2d, net.at(4) as BatchNorm2d];
    // a value overlapping its own target in part (which copy_ refuses) and two targets swapped
    const memory = randn([5]);
    conv.bias = memory.narrow(0, 0, 4);
    const [shifted, bnWeight, bnBias] = [memory.narrow(0, 1, 4), bn.weight!, bn.bias!];
    const expected = [shifted.toArray(), bnBias.toArray(), bnWeight.toArray()];
    net.loadStateDict({ ...net.stateDict(), '3.bias': shifted, '4.weight': bnBias, '4.bias': bnWeight });
    expect([conv.bias!.toArray(), bn.weight!.toArray(), bn.bias!.toArray()]).toEqual(expected);
  });
});
