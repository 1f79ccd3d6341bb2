// functionalCall with a forward that is not synchronous: the swapped tensors are put back when forward returns, so
// an async forward (whose rest runs after its first await) is refused before it runs, and a returned promise once
// the module's own tensors are back; the module is left as it was.
import { ArgumentTypeError, ones, type Tensor, zeros } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { functionalCall } from './functional-call.js';
import { Linear } from './layers/linear.js';

const ASYNC_FORWARD =
  "functionalCall(): argument 'module.forward' is an async function, but functionalCall runs it synchronously: the " +
  'state it sets up ends when the function returns, at its first await. Await outside functionalCall and pass a ' +
  'synchronous function';
const PROMISE_RETURNED =
  "functionalCall(): argument 'module.forward' returned a Promise, but functionalCall runs it synchronously: the " +
  'state it sets up ended when the function returned, before the promise settled. Await outside functionalCall ' +
  'and pass a synchronous function';

/** A Linear whose forward reads its weight after an await. */
class AsyncLinear extends Linear {
  static runs = 0;
  // @ts-expect-error an async forward, which the types refuse too
  override async forward(x: Tensor): Promise<Tensor> {
    AsyncLinear.runs++;
    await null;
    return super.forward(x);
  }
}

describe('functionalCall with a forward that is not synchronous', () => {
  const weight = zeros([2, 2]);
  const x = ones([1, 2]);

  it('refuses an async forward before running it', () => {
    const m = new AsyncLinear(2, 2);
    const own = m.weight;
    expect(() => functionalCall(m, { weight }, x)).toThrow(new ArgumentTypeError(ASYNC_FORWARD));
    expect(AsyncLinear.runs).toBe(0);
    expect(m.weight).toBe(own);
  });

  it('refuses an async function assigned as forward', () => {
    const m = new Linear(2, 2);
    let ran = false;
    m.forward = (async () => {
      ran = true;
    }) as never;
    expect(() => functionalCall(m, { weight }, x)).toThrow(new ArgumentTypeError(ASYNC_FORWARD));
    expect(ran).toBe(false);
  });

  it('refuses a promise returned by forward, once the module has its own weight back', async () => {
    const m = new Linear(2, 2);
    const own = m.weight;
    let weightAfterAwait: Tensor | undefined;
    const forward = m.forward;
    m.forward = ((input: Tensor) =>
      Promise.resolve().then(() => {
        weightAfterAwait = m.weight;
        return forward(input);
      })) as never;
    expect(() => functionalCall(m, { weight }, x)).toThrow(new ArgumentTypeError(PROMISE_RETURNED));
    expect(m.weight).toBe(own);
    await null;
    // what the rest of the forward would have read: the module's own weight, not the one passed in
    expect(weightAfterAwait).toBe(own);
  });
});
