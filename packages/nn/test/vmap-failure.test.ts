// The failure @bn reproduces from functorch: a conv-BatchNorm net in training mode under vmap refuses to update its
// unbatched running stats, with functorch's message and the module's path, and changes nothing; eval mode and
// BatchNorm without running stats work under vmap and equal the loop over the mapped slices.

import { RuntimeError, randn, stack, type Tensor } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../src/containers.js';
import { ReLU } from '../src/layers/activation.js';
import { BatchNorm2d } from '../src/layers/batchnorm.js';
import { Conv2d } from '../src/layers/conv.js';
import { Flatten } from '../src/layers/flatten.js';
import { Linear } from '../src/layers/linear.js';

// vmap folds the mapped dim into conv's N and BatchNorm's channels: the same float32 sums in another order
const RTOL = 1e-5;
const ATOL = 1e-5;

/** features (Conv2d - BatchNorm2d - ReLU) - flatten - classifier, so the BatchNorm's path is `features.1`. */
function net(trackRunningStats = true): Sequential {
  return new Sequential({
    features: new Sequential(
      new Conv2d(2, 3, 3, { padding: 1 }),
      new BatchNorm2d(3, { trackRunningStats }),
      new ReLU(),
    ),
    flatten: new Flatten(),
    classifier: new Linear(48, 2),
  });
}

/** Copies of every parameter and buffer, by state-dict key. */
function snapshot(m: Sequential): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, t.clone()]));
}

/** The net on each [N, C, H, W] slice of x [B, N, C, H, W] in turn, stacked. */
function loop(m: Sequential, x: Tensor): Tensor {
  return stack(Array.from({ length: x.shape[0]! }, (_, b) => m.forward(x.select(0, b)) as Tensor));
}

describe('a conv-BatchNorm net under vmap', () => {
  const x = randn([3, 4, 2, 4, 4]); // 3 mapped batches of 4 samples

  it("in training mode throws functorch's BatchNorm error naming features.1 (BatchNorm2d), changing nothing", () => {
    const m = net();
    const before = snapshot(m);
    let message = '';
    try {
      vmap(m)(x) as Tensor;
    } catch (e) {
      expect(e).toBeInstanceOf(RuntimeError);
      message = (e as Error).message;
    }
    expect(message.split('\n')[0]).toBe(
      'Batch norm got a batched tensor as input while the running_mean or running_var, which will be updated in ' +
        'place, were not batched.',
    );
    expect(message).toContain('features.1 (BatchNorm2d)');
    const after = m.stateDict();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const [k, t] of Object.entries(before)) expectClose(after[k]!, t, 0, 0, k);
    expect((m.getSubmodule('features.1') as BatchNorm2d).numBatchesTracked!.item()).toBe(0);
  });

  it('in eval mode equals the loop over the slices', () => {
    const m = net();
    m.forward(x.select(0, 0)); // running stats away from their initial values
    m.eval();
    const before = snapshot(m);
    expectClose(vmap(m)(x) as Tensor, loop(m, x), RTOL, ATOL);
    for (const [k, t] of Object.entries(m.stateDict())) expectClose(t, before[k]!, 0, 0, k);
  });

  it('with trackRunningStats=false, in training mode, equals the loop over the slices', () => {
    const m = net(false);
    expectClose(vmap(m)(x) as Tensor, loop(m, x), RTOL, ATOL);
  });
});
