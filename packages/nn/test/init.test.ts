// torch.nn.init's counterparts: gains, fans and the Kaiming/Xavier standard deviations against PyTorch 1.13
// (fixtures from tools/golden/nn_init.py); the random fills against those numbers statistically (torch draws
// from mt19937, @bn from Philox, so the values themselves differ), within 3 standard errors of fixed seeds.
import { DTypeError, Generator, manualSeed, type Tensor, ValueError, zeros } from '@bn/tensor';
import { moments, readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import {
  calculateFanInAndFanOut,
  calculateGain,
  constant_,
  type FanMode,
  kaimingNormal_,
  kaimingUniform_,
  type Nonlinearity,
  normal_,
  ones_,
  uniform_,
  xavierNormal_,
  xavierUniform_,
  zeros_,
} from '../src/init.js';

interface InitFixture {
  gains: { nonlinearity: Nonlinearity; param: number | null; gain: number }[];
  fans: { shape: number[]; fanIn: number; fanOut: number }[];
  kaiming: { shape: number[]; a: number; mode: FanMode; nonlinearity: Nonlinearity; std: number }[];
  xavier: { shape: number[]; gain: number; std: number }[];
  errors: Record<
    'badMode' | 'badNonlinearity' | 'badSlope' | 'fewerThan2Dims' | 'uniformRange' | 'normalStd',
    string
  >;
}

const fixture = readJson<InitFixture>(new URL('./fixtures/init.json', import.meta.url));

/** torch's message without its `ValueError: ` / `RuntimeError: ` prefix. */
function torchMessage(key: keyof InitFixture['errors']): string {
  return fixture.errors[key].replace(/^\w+: /, '');
}

/** U(lo, hi): every value inside, mean and variance ((hi - lo)^2 / 12) within 3 standard errors. */
function expectUniform(t: Tensor, lo: number, hi: number): void {
  const v = t.toTypedArray() as Float32Array;
  const n = v.length;
  const half = (hi - lo) / 2;
  // float32 rounding of the ends
  const slack = Math.max(Math.abs(lo), Math.abs(hi)) * 2 ** -23;
  expect(v.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(lo - slack);
  expect(v.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(hi + slack);
  const { mean, variance } = moments(v);
  expect(Math.abs(mean - (lo + hi) / 2), 'mean').toBeLessThan(3 * (half / Math.sqrt(3 * n)));
  // Var(X^2) of U(-h, h) is 4 h^4 / 45
  expect(Math.abs(variance - half ** 2 / 3), 'variance').toBeLessThan(
    (3 * Math.sqrt(4 / 45) * half ** 2) / Math.sqrt(n),
  );
}

/** N(mean, std^2): mean and standard deviation within 3 standard errors. */
function expectNormal(t: Tensor, mean: number, std: number): void {
  const v = t.toTypedArray() as Float32Array;
  const n = v.length;
  const m = moments(v);
  expect(Math.abs(m.mean - mean), 'mean').toBeLessThan((3 * std) / Math.sqrt(n));
  // the sample std's standard error is about std / sqrt(2n)
  expect(Math.abs(Math.sqrt(m.variance) - std), 'std').toBeLessThan((3 * std) / Math.sqrt(2 * n));
}

describe('calculateGain', () => {
  it("equals PyTorch's table", () => {
    for (const { nonlinearity, param, gain } of fixture.gains) {
      expect(calculateGain(nonlinearity, param), `${nonlinearity} ${param}`).toBeCloseTo(gain, 14);
    }
  });

  it("rejects an unknown nonlinearity and a slope that is not a number (PyTorch's messages)", () => {
    expect(() => calculateGain('softplus' as Nonlinearity)).toThrow(ValueError);
    expect(() => calculateGain('softplus' as Nonlinearity)).toThrow(torchMessage('badNonlinearity'));
    expect(() => calculateGain('leaky_relu', true as unknown as number)).toThrow(torchMessage('badSlope'));
  });
});

describe('calculateFanInAndFanOut', () => {
  it('equals PyTorch for 2-D to 5-D shapes, zero sizes included', () => {
    for (const { shape, fanIn, fanOut } of fixture.fans) {
      expect(calculateFanInAndFanOut(zeros(shape)), `shape ${shape}`).toEqual([fanIn, fanOut]);
    }
  });

  it('needs 2 dims', () => {
    expect(() => calculateFanInAndFanOut(zeros([5]))).toThrow(torchMessage('fewerThan2Dims'));
  });
});

describe('uniform_, normal_, constant_, zeros_, ones_', () => {
  it('uniform_ fills in place with U(a, b) and returns the tensor', () => {
    const t = zeros([200_000]);
    expect(uniform_(t, -2, 5, { generator: new Generator(1) })).toBe(t);
    expectUniform(t, -2, 5);
    expectUniform(uniform_(zeros([100_000]), 0, 1, { generator: new Generator(2) }), 0, 1);
  });

  it('normal_ fills in place with N(mean, std^2) and returns the tensor', () => {
    const t = zeros([200_000]);
    expect(normal_(t, 3, 0.5, { generator: new Generator(3) })).toBe(t);
    expectNormal(t, 3, 0.5);
  });

  it('writes through a strided view into its base', () => {
    const base = zeros([40, 30]);
    const view = base.transpose(0, 1).narrow(0, 0, 10);
    uniform_(view, 1, 2);
    const values = base.toArray() as number[][];
    for (const row of values) {
      row.forEach((v, j) => {
        if (j < 10) expect(v >= 1 && v <= 2).toBe(true);
        else expect(v).toBe(0);
      });
    }
  });

  it('constant_, zeros_ and ones_ fill every element, in any dtype', () => {
    const t = zeros([2, 3]);
    expect(constant_(t, 0.25)).toBe(t);
    expect(t.toArray()).toEqual([
      [0.25, 0.25, 0.25],
      [0.25, 0.25, 0.25],
    ]);
    expect(zeros_(t).toTypedArray()).toEqual(new Float32Array(6));
    expect(ones_(t).toTypedArray()).toEqual(new Float32Array(6).fill(1));
    expect(ones_(zeros([3], { dtype: 'int32' })).toArray()).toEqual([1, 1, 1]);
  });

  it("rejects bad ranges and non-float tensors (PyTorch's messages), leaving the tensor unchanged", () => {
    const t = zeros([3]);
    expect(() => uniform_(t, 1, 0)).toThrow(torchMessage('uniformRange'));
    expect(() => normal_(t, 0, -1)).toThrow(torchMessage('normalStd'));
    expect(() => uniform_(t, 0, Number.POSITIVE_INFINITY)).toThrow('to is out of bounds for float');
    expect(t.toArray()).toEqual([0, 0, 0]);
    expect(() => uniform_(zeros([3], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => normal_(zeros([3], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});

describe('kaimingUniform_ and kaimingNormal_', () => {
  it("draw with PyTorch's bound and std for each gain, slope and fan mode", () => {
    fixture.kaiming.forEach(({ shape, a, mode, nonlinearity, std }, i) => {
      const options = { a, mode, nonlinearity };
      const u = kaimingUniform_(zeros(shape), { ...options, generator: new Generator(10 + i) });
      expectUniform(u, -Math.sqrt(3) * std, Math.sqrt(3) * std);
      const g = kaimingNormal_(zeros(shape), { ...options, generator: new Generator(20 + i) });
      expectNormal(g, 0, std);
    });
  });

  it('default to a = 0, fan_in, leaky_relu: bound sqrt(6 / fan_in)', () => {
    // [256, 128, 3, 3]: fan_in = 128 * 9
    const t = kaimingUniform_(zeros([256, 128, 3, 3]), { generator: new Generator(4) });
    const bound = Math.sqrt(6 / (128 * 9));
    expectUniform(t, -bound, bound);
  });

  it('take the mode in any case, as PyTorch lowercases it', () => {
    const lower = kaimingNormal_(zeros([8, 4]), { mode: 'fan_out', generator: new Generator(5) });
    const upper = kaimingNormal_(zeros([8, 4]), { mode: 'FAN_OUT' as FanMode, generator: new Generator(5) });
    expect(upper.toTypedArray()).toEqual(lower.toTypedArray());
  });

  it('are reproducible under manualSeed, and an explicit generator replaces the default one', () => {
    manualSeed(1);
    const a = kaimingUniform_(zeros([16, 8])).toTypedArray();
    manualSeed(1);
    expect(kaimingUniform_(zeros([16, 8])).toTypedArray()).toEqual(a);
    expect(kaimingUniform_(zeros([16, 8]), { generator: new Generator(1) }).toTypedArray()).toEqual(a);
  });

  it("reject a bad mode, a bad nonlinearity and a 1-D tensor (PyTorch's messages), unchanged", () => {
    const t = zeros([3, 3]);
    expect(() => kaimingUniform_(t, { mode: 'fan_avg' as FanMode })).toThrow(ValueError);
    expect(() => kaimingUniform_(t, { mode: 'fan_avg' as FanMode })).toThrow(torchMessage('badMode'));
    expect(() => kaimingNormal_(t, { nonlinearity: 'softplus' as Nonlinearity })).toThrow(
      torchMessage('badNonlinearity'),
    );
    expect(() => kaimingUniform_(zeros([5]))).toThrow(torchMessage('fewerThan2Dims'));
    expect(t.toTypedArray()).toEqual(new Float32Array(9));
  });

  it('return a zero-element tensor untouched before checking anything, as PyTorch', () => {
    const t = zeros([0, 3]);
    expect(kaimingUniform_(t, { mode: 'bad' as FanMode })).toBe(t);
    expect(kaimingNormal_(t)).toBe(t);
  });
});

describe('xavierUniform_ and xavierNormal_', () => {
  it("draw with PyTorch's std gain * sqrt(2 / (fan_in + fan_out))", () => {
    fixture.xavier.forEach(({ shape, gain, std }, i) => {
      const u = xavierUniform_(zeros(shape), { gain, generator: new Generator(30 + i) });
      expectUniform(u, -Math.sqrt(3) * std, Math.sqrt(3) * std);
      const g = xavierNormal_(zeros(shape), { gain, generator: new Generator(40 + i) });
      expectNormal(g, 0, std);
    });
  });

  it('need 2 dims', () => {
    expect(() => xavierUniform_(zeros([4]))).toThrow(torchMessage('fewerThan2Dims'));
  });
});
