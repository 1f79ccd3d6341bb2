// Initialisation as torchvision's: which modules get which init (ResNet special-cases BatchNorm2d and GroupNorm,
// RegNet BatchNorm2d only), zeroInitResidual, and reproducibility from manualSeed. Random fills are checked by
// their sample moments within 6 standard errors.
import { BatchNorm2d, Conv2d, GroupNorm, init, type Module } from '@bn/nn';
import { manualSeed, randn, type Tensor } from '@bn/tensor';
import { maxAbsDiff, moments } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import {
  BasicBlock,
  Bottleneck,
  RegNet,
  regnetX400mf,
  regnetY400mf,
  resnet18,
  resnet50,
} from '../src/index.js';

const values = (t: Tensor) => t.flatten().toArray() as number[];
const maxAbs = (t: Tensor) => values(t).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const modulesOf = <M extends Module>(root: Module, cls: abstract new (...args: never[]) => M) =>
  root.modules().filter((m): m is M => m instanceof cls);

/** Draws of N(0, variance): the sample mean and variance within 6 standard errors. */
function expectNormal(t: Tensor, variance: number, what: string): void {
  const n = t.numel();
  const m = moments(values(t));
  expect(Math.abs(m.mean), `${what} mean`).toBeLessThan(6 * Math.sqrt(variance / n));
  expect(Math.abs(m.variance / variance - 1), `${what} variance`).toBeLessThan(6 * Math.sqrt(2 / (n - 1)));
}

/** Draws of U(-bound, bound): inside the bounds, variance bound^2 / 3 within 6 standard errors. */
function expectUniform(t: Tensor, bound: number, what: string): void {
  const v = values(t);
  expect(maxAbs(t), `${what} bound`).toBeLessThanOrEqual(bound);
  // the variance of U(-b, b) draws has standard error b^2 * sqrt(4 / (45 n))
  const m = moments(v);
  expect(Math.abs(m.variance - bound ** 2 / 3), `${what} variance`).toBeLessThan(
    6 * bound ** 2 * Math.sqrt(4 / (45 * v.length)),
  );
}

const constant = (t: Tensor | null, c: number) => expect(t && values(t).every((x) => x === c)).toBe(true);

describe('ResNet initialisation', () => {
  manualSeed(0);
  const model = resnet18();

  it('Conv2d: kaiming_normal(fan_out, relu), N(0, 2 / (out * kh * kw))', () => {
    for (const [path, m] of model.namedModules()) {
      if (!(m instanceof Conv2d) || m.weight.numel() < 4096) continue;
      expectNormal(m.weight, 2 / (m.outChannels * m.kernelSize[0] * m.kernelSize[1]), path);
    }
  });

  it('BatchNorm2d: weight 1, bias 0, running stats 0 and 1', () => {
    for (const bn of modulesOf(model, BatchNorm2d)) {
      constant(bn.weight, 1);
      constant(bn.bias, 0);
      constant(bn.runningMean, 0);
      constant(bn.runningVar, 1);
    }
  });

  it('fc keeps Linear default init: U(-1/sqrt(512), 1/sqrt(512)) for weight and bias', () => {
    expectUniform(model.fc.weight, 1 / Math.sqrt(512), 'fc.weight');
    expectUniform(model.fc.bias!, 1 / Math.sqrt(512), 'fc.bias');
  });

  it('is reproducible from manualSeed, and a different seed draws different weights', () => {
    manualSeed(5);
    const a = resnet18({ numClasses: 10 });
    manualSeed(5);
    const b = resnet18({ numClasses: 10 });
    manualSeed(6);
    const c = resnet18({ numClasses: 10 });
    const other = b.stateDict();
    for (const [k, t] of Object.entries(a.stateDict())) expect(maxAbsDiff(t, other[k]!), k).toBe(0);
    expect(maxAbsDiff(a.conv1.weight, c.conv1.weight)).toBeGreaterThan(0);
    expect(maxAbsDiff(a.fc.weight, c.fc.weight)).toBeGreaterThan(0);
  });
});

describe('the norm layers torchvision re-initialises', () => {
  /** GroupNorm whose affine parameters the factory randomises: what survives shows who re-initialised them. */
  const randomGroupNorm = (c: number) => {
    const g = new GroupNorm(8, c);
    init.normal_(g.weight!);
    init.normal_(g.bias!);
    return g;
  };

  it('ResNet resets GroupNorm (weight 1, bias 0)', () => {
    const model = resnet18({ numClasses: 10, normLayer: randomGroupNorm });
    for (const g of modulesOf(model, GroupNorm)) {
      constant(g.weight, 1);
      constant(g.bias, 0);
    }
  });

  it('RegNet does not: its GroupNorms keep what the factory drew; its BatchNorms are reset', () => {
    const model = regnetY400mf({ numClasses: 10, normLayer: randomGroupNorm });
    const norms = modulesOf(model, GroupNorm);
    expect(norms.length).toBeGreaterThan(0);
    for (const g of norms) expect(values(g.weight!).some((x) => x !== 1)).toBe(true);
    const randomBatchNorm = (c: number) => {
      const bn = new BatchNorm2d(c);
      init.normal_(bn.weight!);
      return bn;
    };
    for (const bn of modulesOf(regnetX400mf({ normLayer: randomBatchNorm }), BatchNorm2d))
      constant(bn.weight, 1);
  });

  it('a norm without affine parameters is left alone (torchvision would fail on None)', () => {
    const noAffine = (c: number) => new BatchNorm2d(c, { affine: false });
    expect(modulesOf(resnet18({ normLayer: noAffine, zeroInitResidual: true }), BatchNorm2d)).toHaveLength(
      20,
    );
    expect(
      modulesOf(regnetY400mf({ normLayer: noAffine }), BatchNorm2d).every((bn) => bn.weight === null),
    ).toBe(true);
  });
});

describe('RegNet initialisation', () => {
  manualSeed(1);
  const model = regnetY400mf();

  it('Conv2d: N(0, 2 / fan_out); the SE convolutions keep their default U(-1/sqrt(fan_in), ...) bias', () => {
    for (const [path, m] of model.namedModules()) {
      if (!(m instanceof Conv2d)) continue;
      if (m.weight.numel() >= 4096)
        expectNormal(m.weight, 2 / (m.outChannels * m.kernelSize[0] * m.kernelSize[1]), path);
      if (m.bias !== null) {
        const bound = 1 / Math.sqrt(m.inChannels / m.groups);
        expect(maxAbs(m.bias), path).toBeLessThanOrEqual(bound);
        expect(
          values(m.bias).some((x) => x !== 0),
          path,
        ).toBe(true);
      }
    }
  });

  it('Linear: N(0, 0.01^2) weight and zero bias; BatchNorm2d: 1 and 0', () => {
    expectNormal(model.fc.weight, 1e-4, 'fc.weight');
    constant(model.fc.bias, 0);
    for (const bn of modulesOf(model, BatchNorm2d)) {
      constant(bn.weight, 1);
      constant(bn.bias, 0);
    }
  });

  it('is a RegNet with SE in every block (RegNetY) and none in RegNetX', () => {
    expect(model).toBeInstanceOf(RegNet);
    const se = (m: Module) => m.namedModules().filter(([p]) => p.endsWith('.se')).length;
    expect(se(model)).toBe(16);
    expect(se(regnetX400mf())).toBe(0);
  });
});

describe('zeroInitResidual', () => {
  it('zeroes the last norm weight of every residual branch (bn2 of BasicBlock, bn3 of Bottleneck)', () => {
    const basic = resnet18({ zeroInitResidual: true });
    for (const block of modulesOf(basic, BasicBlock)) {
      constant((block.bn2 as BatchNorm2d).weight, 0);
      constant((block.bn1 as BatchNorm2d).weight, 1);
    }
    const bottleneck = resnet50({ zeroInitResidual: true, normLayer: (c) => new GroupNorm(16, c) });
    const blocks = modulesOf(bottleneck, Bottleneck);
    expect(blocks).toHaveLength(16);
    for (const block of blocks) {
      constant((block.bn3 as GroupNorm).weight, 0);
      constant((block.bn3 as GroupNorm).bias, 0);
      constant((block.bn2 as GroupNorm).weight, 1);
    }
  });

  it('so each block starts as the identity: block(x) = relu(x) when no downsample', () => {
    manualSeed(2);
    const block = resnet18({ zeroInitResidual: true }).layer1.at(0) as BasicBlock;
    block.eval();
    const x = randn([1, 64, 4, 4]);
    expect(maxAbsDiff(block.forward(x), x.relu())).toBe(0);
  });
});
