// Random ops: reproducibility under manualSeed and explicit generators, and distribution statistics with
// tolerances of 5 standard errors (PyTorch's CPU generator is mt19937, so its values are not a reference).
import { describe, expect, it } from 'vitest';
import { RuntimeError, ValueError } from '../errors.js';
import { Generator, manualSeed } from '../random/generator.js';
import { tensor } from './creation.js';
import { dropout, rand, randint, randn, randperm } from './random.js';

const N = 100_000;

function moments(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
  return { mean, variance: sq / (values.length - 1) };
}

describe('randn', () => {
  it('is standard normal: mean, variance and the one-sigma mass within 5 standard errors', () => {
    const x = randn([N], { generator: new Generator(1) }).toTypedArray();
    const { mean, variance } = moments(x);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    const inside = x.filter((v) => Math.abs(v) < 1).length / N;
    expect(Math.abs(inside - 0.682689)).toBeLessThan(5 * Math.sqrt((0.6827 * 0.3173) / N));
  });

  it('is reproducible after manualSeed, and advances between calls', () => {
    manualSeed(7);
    const a = randn([3, 4]).toTypedArray();
    const b = randn([3, 4]).toTypedArray();
    manualSeed(7);
    expect(randn([3, 4]).toTypedArray()).toEqual(a);
    expect(b).not.toEqual(a);
    expect(randn([2, 0]).shape).toEqual([2, 0]);
  });

  it('rejects a bad shape', () => {
    expect(() => randn([2, -3])).toThrow(/invalid shape \[2, -3\]/);
  });
});

describe('rand, randint, randperm', () => {
  it('rand is uniform on [0, 1)', () => {
    const u = rand([N], { generator: new Generator(2) }).toTypedArray();
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    const { mean, variance } = moments(u);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('randint covers [low, high) evenly', () => {
    const r = randint(-2, 3, [N], { generator: new Generator(3) });
    expect(r.dtype).toBe('int32');
    const counts = new Map<number, number>();
    for (const v of r.toTypedArray()) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    for (const c of counts.values()) expect(Math.abs(c / N - 0.2)).toBeLessThan(5 * Math.sqrt(0.16 / N));
    expect(() => randint(3, 3, [2])).toThrow(ValueError);
  });

  it('randperm is a permutation', () => {
    const p = randperm(50, { generator: new Generator(4) }).toTypedArray();
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(randperm(0).shape).toEqual([0]);
    expect(() => randperm(-1)).toThrow(/non-negative integer n, but got -1/);
  });
});

describe('dropout', () => {
  const x = tensor(Array.from({ length: N }, () => 2));

  it('zeroes a fraction p and scales the rest by 1/(1-p)', () => {
    const y = dropout(x, 0.3, { generator: new Generator(5) }).toTypedArray();
    const zeros = y.filter((v) => v === 0).length / N;
    expect(Math.abs(zeros - 0.3)).toBeLessThan(5 * Math.sqrt(0.21 / N));
    expect(y.every((v) => v === 0 || Math.abs(v - 2 / 0.7) < 1e-6)).toBe(true);
  });

  it('is the identity in eval and with p = 0, all zeros with p = 1', () => {
    expect(dropout(x, 0.5, { training: false })).toBe(x);
    expect(dropout(x, 0).toTypedArray()).toEqual(x.toTypedArray());
    expect(
      dropout(x, 1)
        .toTypedArray()
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('rejects p outside [0, 1] and non-float input', () => {
    expect(() => dropout(x, 1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    expect(() => dropout(tensor([1, 2], undefined, { dtype: 'int32' }), 0.5)).toThrow(
      /float32 input, but got int32/,
    );
  });
});

describe('collectives outside vmap', () => {
  it('psum and pmean say that no vmap binds the name', async () => {
    const { psum, pmean } = await import('./collective.js');
    expect(() => psum(tensor([1, 2]), 'batch')).toThrow(RuntimeError);
    expect(() => pmean(tensor([1, 2]), 'batch')).toThrow("pmean(): no vmap binds axis name 'batch'");
  });
});
