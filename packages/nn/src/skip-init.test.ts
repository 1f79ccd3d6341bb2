// skipInit: initialisers do nothing inside it (no fill, no draw from the generator), check their arguments still,
// and work again after it returns or throws; an async build is refused.
import { ArgumentTypeError, defaultGenerator, manualSeed, ValueError, zeros } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { normal_, uniform_ } from './init.js';
import { BatchNorm2d } from './layers/batchnorm.js';
import { Conv2d } from './layers/conv.js';
import { Linear } from './layers/linear.js';
import { skipInit } from './skip-init.js';

const allZero = (values: number[]) => values.every((v) => v === 0);

const ASYNC_BUILD =
  "skipInit(): argument 'build' is an async function, but skipInit runs it synchronously: the state it sets up ends " +
  'when the function returns, at its first await. Await outside skipInit and pass a synchronous function';
const PROMISE_RETURNED =
  "skipInit(): argument 'build' returned a Promise, but skipInit runs it synchronously: the state it sets up ended " +
  'when the function returned, before the promise settled. Await outside skipInit and pass a synchronous function';

describe('skipInit', () => {
  it('builds layers without drawing from the default generator', () => {
    manualSeed(7);
    const before = defaultGenerator.getState();
    const conv = skipInit(() => new Conv2d(3, 8, 3));
    const linear = skipInit(() => new Linear(4, 2));
    expect(defaultGenerator.getState()).toEqual(before);
    for (const p of [...conv.parameters(), ...linear.parameters()]) {
      expect(allZero(p.flatten().toArray() as number[])).toBe(true);
    }
    // outside, the same constructor draws again
    expect(allZero(new Conv2d(3, 8, 3).weight.flatten().toArray() as number[])).toBe(false);
    expect(defaultGenerator.getState().offset).toBeGreaterThan(before.offset);
  });

  it('returns what the builder returns and nests', () => {
    const bn = skipInit(() => skipInit(() => new BatchNorm2d(4)));
    expect(bn).toBeInstanceOf(BatchNorm2d);
    const t = zeros([3]);
    uniform_(t, 1, 2);
    expect((t.toArray() as number[]).every((v) => v >= 1 && v < 2)).toBe(true);
  });

  it('still checks the initialisers arguments', () => {
    expect(() => skipInit(() => normal_(zeros([2]), 0, -1))).toThrow(ValueError);
    expect(() => skipInit(() => uniform_(zeros([2]), 2, 1))).toThrow(ValueError);
  });

  it('restores initialisation after the builder throws', () => {
    expect(() =>
      skipInit(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const t = zeros([4]);
    normal_(t);
    expect(allZero(t.toArray() as number[])).toBe(false);
  });

  it('refuses a non-function', () => {
    expect(() => skipInit(42 as never)).toThrow(
      new ArgumentTypeError("skipInit(): argument 'build' must be a function, but got a number"),
    );
  });

  it('refuses an async build before running it, and a returned promise after, initialising again', async () => {
    let ran = false;
    expect(() =>
      skipInit(async () => {
        ran = true;
      }),
    ).toThrow(new ArgumentTypeError(ASYNC_BUILD));
    expect(ran).toBe(false);
    let later: Linear | undefined;
    expect(() =>
      skipInit(() =>
        Promise.resolve().then(() => {
          later = new Linear(4, 2);
        }),
      ),
    ).toThrow(new ArgumentTypeError(PROMISE_RETURNED));
    await null;
    // built after skipInit returned: initialised as usual
    expect(allZero([...later!.weight.toTypedArray()])).toBe(false);
  });
});
