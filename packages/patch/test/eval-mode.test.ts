// evalMode: option 4 of "Patching Batch Norm", with each module's previous mode restored however fn ends; an async
// fn (or a returned promise) is refused, since the modes are restored when fn returns.
import { BatchNorm2d, Dropout, Sequential } from '@bn/nn';
import { ArgumentTypeError, RuntimeError, type Tensor } from '@bn/tensor';
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

  it('refuses an async fn before running it, leaving every mode as it was', () => {
    const { net, modes } = mixedNet();
    let ran = false;
    expect(() =>
      evalMode(net, async () => {
        ran = true;
      }),
    ).toThrow(
      new ArgumentTypeError(
        "evalMode(): argument 'fn' is an async function, but evalMode runs it synchronously: the state it sets up " +
          'ends when the function returns, at its first await. Await outside evalMode and pass a synchronous function',
      ),
    );
    expect(ran).toBe(false);
    expect(modes()).toEqual(MIXED);
  });

  it('refuses a promise returned by fn once the modes are restored', async () => {
    const { net, modes } = mixedNet();
    let seen: boolean[] = [];
    expect(() =>
      evalMode(net, () => {
        seen = modes();
        return Promise.reject(new RuntimeError('never awaited'));
      }),
    ).toThrow(
      new ArgumentTypeError(
        "evalMode(): argument 'fn' returned a Promise, but evalMode runs it synchronously: the state it sets up " +
          'ended when the function returned, before the promise settled. Await outside evalMode and pass a ' +
          'synchronous function',
      ),
    );
    expect(seen).toEqual([false, false, false, false, false]);
    expect(modes()).toEqual(MIXED);
  });

  it('cannot leave the model in eval mode through two overlapping async calls', async () => {
    const { net, modes } = mixedNet();
    const later = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
    const calls = [
      () => evalMode(net, async () => later()),
      () => evalMode(net, () => later()),
      () => evalMode(net, async () => later()),
    ];
    const refused = calls.map((call) => {
      try {
        call();
        return false;
      } catch (e) {
        return e instanceof ArgumentTypeError;
      }
    });
    // once every function has settled
    await later();
    await later();
    expect(modes()).toEqual(MIXED);
    expect(refused).toEqual([true, true, true]);
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
      new ArgumentTypeError("evalMode(): argument 'model' must be a Module, but got an Object"),
    );
    const { net, modes } = mixedNet();
    expect(() => evalMode(net, 'run' as never)).toThrow(
      new ArgumentTypeError("evalMode(): argument 'fn' must be a function, but got a string"),
    );
    expect(modes()).toEqual(MIXED);
  });
});
