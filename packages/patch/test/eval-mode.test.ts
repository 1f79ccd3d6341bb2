// evalMode: option 4 of "Patching Batch Norm", with each module's previous mode restored however fn ends.
import { BatchNorm2d, Dropout, Sequential } from '@bn/nn';
import { RuntimeError, type Tensor } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { evalMode } from '../src/index.js';
import { batchedInput, input, loopOverMembers, makeNet } from './net.js';

/** The modes of mixedNet's modules in `namedModules` order: '', '0', '1', '1.0', '1.1'. */
const MIXED = [true, true, true, false, false];

/** A net whose modules are in mixed modes, and a reader of every module's flag. */
function mixedNet() {
  const net = new Sequential(new BatchNorm2d(3), new Sequential(new BatchNorm2d(3), new Dropout(0.5)));
  net.getSubmodule('1.0').eval();
  net.getSubmodule('1.1').eval();
  const modes = () => net.modules().map((m) => m.training);
  return { net, modes };
}

describe('evalMode', () => {
  it('runs fn with every module in eval mode, returns its result, and restores mixed modes', () => {
    const { net, modes } = mixedNet();
    const before = modes();
    expect(before).toEqual(MIXED);
    const seen = evalMode(net, (m) => {
      expect(m).toBe(net);
      return modes();
    });
    expect(seen).toEqual([false, false, false, false, false]);
    expect(modes()).toEqual(before);
  });

  it('restores the modes when fn throws, and rethrows the error', () => {
    const { net, modes } = mixedNet();
    const error = new RuntimeError('boom');
    expect(() =>
      evalMode(net, () => {
        throw error;
      }),
    ).toThrow(error);
    expect(modes()).toEqual(MIXED);
  });

  it('restores the modes when a returned promise settles, resolved or rejected', async () => {
    const { net, modes } = mixedNet();
    let release!: () => void;
    const pending = evalMode(net, () => new Promise<string>((resolve) => (release = () => resolve('done'))));
    expect(modes()).toEqual([false, false, false, false, false]);
    release();
    await expect(pending).resolves.toBe('done');
    expect(modes()).toEqual(MIXED);

    const rejected = evalMode(net, async () => {
      await Promise.resolve();
      throw new RuntimeError('async boom');
    });
    expect(modes()).toEqual([false, false, false, false, false]);
    await expect(rejected).rejects.toThrow('async boom');
    expect(modes()).toEqual(MIXED);
  });

  it('lets vmap run a BatchNorm net in training mode (running stats read, not written) and equals the loop', () => {
    const net = makeNet();
    net.forward(input()); // non-trivial running stats
    const stats = Object.fromEntries(net.namedBuffers().map(([k, t]) => [k, t.clone()]));
    expect(() => vmap(net)(batchedInput())).toThrow('Batch norm got a batched tensor as input');

    const mapped = evalMode(net, (m) => vmap(m)(batchedInput())) as Tensor;
    const looped = evalMode(net, (m) => loopOverMembers(m, batchedInput()));
    expectClose(mapped, looped, 1e-5, 1e-5, 'vmap vs loop');
    expect(net.training).toBe(true);
    for (const [k, t] of net.namedBuffers()) expectClose(t, stats[k]!, 0, 0, k);
  });

  it('validates its arguments', () => {
    expect(() => evalMode({} as never, () => 1)).toThrow(
      new TypeError('evalMode: expected model to be a Module, but got an Object'),
    );
    const { net, modes } = mixedNet();
    expect(() => evalMode(net, 'run' as never)).toThrow(
      new TypeError('evalMode: expected fn to be a function, but got a string'),
    );
    expect(modes()).toEqual(MIXED);
  });
});
