// skipInit: initialisers do nothing inside it (no fill, no draw from the generator), check their arguments still,
// and work again after it returns or throws.
import { ArgumentTypeError, defaultGenerator, manualSeed, ValueError, zeros } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { normal_, uniform_ } from './init.js';
import { BatchNorm2d } from './layers/batchnorm.js';
import { Conv2d } from './layers/conv.js';
import { Linear } from './layers/linear.js';
import { skipInit } from './skip-init.js';

const allZero = (values: number[]) => values.every((v) => v === 0);

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
});
