// torchvision's ops that RegNet is built from: Conv2dNormActivation's layers and defaults, and SqueezeExcitation
// against a plain-JavaScript computation of x * sigmoid(W2 relu(W1 mean(x) + b1) + b2).
import { BatchNorm2d, Conv2d, GroupNorm, ReLU, SiLU } from '@bn/nn';
import { Generator, randn } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { Conv2dNormActivation, SqueezeExcitation } from '../src/index.js';

describe('Conv2dNormActivation', () => {
  it('defaults: 3x3 conv with "same" padding and no bias, BatchNorm2d, in-place ReLU', () => {
    const m = new Conv2dNormActivation(3, 8);
    const [conv, norm, act] = m.children();
    expect(conv).toBeInstanceOf(Conv2d);
    expect((conv as Conv2d).padding).toEqual([1, 1]);
    expect((conv as Conv2d).bias).toBeNull();
    expect(norm).toBeInstanceOf(BatchNorm2d);
    expect(act?.toString()).toBe('ReLU(inplace=True)');
    expect(m.outChannels).toBe(8);
  });

  it('padding (k - 1) / 2 * dilation per dimension; a bias when there is no norm; no activation when null', () => {
    const m = new Conv2dNormActivation(4, 4, {
      kernelSize: [3, 5],
      dilation: 2,
      normLayer: null,
      activationLayer: null,
    });
    expect(m.length).toBe(1);
    const conv = m.at(0) as Conv2d;
    expect(conv.padding).toEqual([2, 4]);
    expect(conv.bias).not.toBeNull();
    expect(new Conv2dNormActivation(4, 4, { kernelSize: 4 }).at(0).toString()).toContain('padding=(1, 1)');
  });

  it('passes inplace to the activation factory (nothing when null) and channels to the norm factory', () => {
    const seen: object[] = [];
    const m = new Conv2dNormActivation(2, 6, {
      normLayer: (c) => new GroupNorm(3, c),
      activationLayer: (options) => {
        seen.push(options);
        return new SiLU(options);
      },
      inplace: null,
    });
    expect(seen).toEqual([{}]);
    expect((m.at(1) as GroupNorm).numChannels).toBe(6);
    expect(m.at(2)).toBeInstanceOf(SiLU);
    expect(new Conv2dNormActivation(2, 6, { inplace: false }).at(2)).toEqual(expect.any(ReLU));
  });
});

describe('SqueezeExcitation', () => {
  it('scales each channel by sigmoid(fc2(relu(fc1(mean))))', () => {
    const [n, c, s, hw] = [2, 4, 2, 9];
    const se = new SqueezeExcitation(c, s);
    const x = randn([n, c, 3, 3], { generator: new Generator(4) });
    const xs = x.flatten().toArray() as number[];
    const w1 = se.fc1.weight.flatten().toArray() as number[];
    const b1 = se.fc1.bias!.toArray() as number[];
    const w2 = se.fc2.weight.flatten().toArray() as number[];
    const b2 = se.fc2.bias!.toArray() as number[];
    const expected: number[] = [];
    for (let i = 0; i < n; i++) {
      const mean = Array.from({ length: c }, (_, ch) => {
        let sum = 0;
        for (let p = 0; p < hw; p++) sum += xs[(i * c + ch) * hw + p]!;
        return sum / hw;
      });
      const hidden = Array.from({ length: s }, (_, j) =>
        Math.max(0, b1[j]! + mean.reduce((acc, m, ch) => acc + w1[j * c + ch]! * m, 0)),
      );
      for (let ch = 0; ch < c; ch++) {
        const z = b2[ch]! + hidden.reduce((acc, h, j) => acc + w2[ch * s + j]! * h, 0);
        const scale = 1 / (1 + Math.exp(-z));
        for (let p = 0; p < hw; p++) expected.push(xs[(i * c + ch) * hw + p]! * scale);
      }
    }
    const actual = se.forward(x).flatten().toArray() as number[];
    for (let k = 0; k < expected.length; k++) expect(actual[k]).toBeCloseTo(expected[k]!, 5);
    expect(se.toString()).toContain('(activation): ReLU()\n  (scale_activation): Sigmoid()');
  });
});
