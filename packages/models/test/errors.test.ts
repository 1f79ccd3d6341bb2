// Bad input: a clear error naming what was expected and what came (torchvision's message where it has one), thrown
// before the model exists and leaving the default generator where it was.
import { BatchNorm2d, GroupNorm } from '@bn/nn';
import { ArgumentTypeError, defaultGenerator, manualSeed, RuntimeError, ValueError } from '@bn/tensor';
import { maxAbsDiff } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import {
  BasicBlock,
  BlockParams,
  getModel,
  RegNet,
  ResNet,
  regnetY400mf,
  resnet18,
  resnet34,
  resnext50_32x4d,
  wideResnet50_2,
} from '../src/index.js';

describe('options', () => {
  it('refuses unknown options, naming the builder and the known ones', () => {
    expect(() => resnet18({ numClass: 10 } as never)).toThrow(
      new ArgumentTypeError(
        "resnet18() got an unexpected keyword argument 'numClass' (expected one of numClasses, zeroInitResidual, " +
          'groups, widthPerGroup, replaceStrideWithDilation, normLayer)',
      ),
    );
    expect(() => regnetY400mf({ groups: 2 } as never)).toThrow(
      new ArgumentTypeError(
        "regnetY400mf() got an unexpected keyword argument 'groups' (expected one of numClasses, stemWidth, normLayer, activation)",
      ),
    );
    expect(() => resnet18(10 as never)).toThrow(
      new ArgumentTypeError("resnet18(): argument 'options' must be an options object, but got a number"),
    );
    expect(() => regnetY400mf(new Map([['numClasses', 10]]) as never)).toThrow(
      new ArgumentTypeError("regnetY400mf(): argument 'options' must be an options object, but got a Map"),
    );
  });

  it('refuses numClasses < 1 and other non-positive sizes', () => {
    for (const bad of [0, -1, 2.5]) {
      expect(() => resnet18({ numClasses: bad })).toThrow(
        new ValueError(`ResNet(): argument 'numClasses' must be an integer >= 1, but got ${bad}`),
      );
    }
    expect(() => regnetY400mf({ numClasses: '10' as never })).toThrow(
      new ArgumentTypeError("RegNet(): argument 'numClasses' must be an integer, but got a string"),
    );
    expect(() => regnetY400mf({ stemWidth: 0 })).toThrow(
      new ValueError("RegNet(): argument 'stemWidth' must be an integer >= 1, but got 0"),
    );
  });

  it('refuses factories that are not functions', () => {
    expect(() => resnet18({ normLayer: new BatchNorm2d(64) as never })).toThrow(
      new ArgumentTypeError("ResNet(): argument 'normLayer' must be a function, but got a BatchNorm2d"),
    );
    expect(() => regnetY400mf({ activation: 'relu' as never })).toThrow(
      new ArgumentTypeError("RegNet(): argument 'activation' must be a function, but got a string"),
    );
  });

  it('groups / widthPerGroup with BasicBlock: torchvision messages', () => {
    expect(() => resnet18({ groups: 2 })).toThrow(
      new ValueError('BasicBlock only supports groups=1 and base_width=64'),
    );
    expect(() => resnet34({ widthPerGroup: 32 })).toThrow(
      new ValueError('BasicBlock only supports groups=1 and base_width=64'),
    );
    expect(() => resnet18({ replaceStrideWithDilation: [false, false, true] })).toThrow(
      new RuntimeError('Dilation > 1 not supported in BasicBlock'),
    );
  });

  it('replaceStrideWithDilation must have 3 entries', () => {
    expect(() => resnet18({ replaceStrideWithDilation: [true, true] as never })).toThrow(
      new ValueError('replace_stride_with_dilation should be None or a 3-element tuple, got [true, true]'),
    );
  });

  it('a builder that fixes groups / widthPerGroup refuses another value', () => {
    expect(() => resnext50_32x4d({ groups: 16 })).toThrow(
      new ValueError("The parameter 'groups' expected value 32 but got 16 instead."),
    );
    expect(() => wideResnet50_2({ widthPerGroup: 64 })).toThrow(
      new ValueError("The parameter 'widthPerGroup' expected value 128 but got 64 instead."),
    );
    expect(resnext50_32x4d({ groups: 32, numClasses: 3 }).groups).toBe(32);
  });

  it('ResNet and RegNet check their positional arguments', () => {
    expect(() => new ResNet(BasicBlock, [2, 2, 2])).toThrow(
      new ValueError('ResNet: expected layers to be 4 positive block counts, but got [2, 2, 2]'),
    );
    expect(() => new ResNet((() => 1) as never, [2, 2, 2, 2])).toThrow(ArgumentTypeError);
    expect(() => new RegNet({ depths: [1] } as never)).toThrow(
      new ArgumentTypeError('RegNet: expected blockParams to be a BlockParams, but got an Object'),
    );
  });

  it('getModel: an unknown name lists the valid ones', () => {
    expect(() => getModel('nope')).toThrow(
      /^Unknown model nope \(expected one of regnetX16gf, .*, wideResnet50_2\)$/,
    );
    expect(() => getModel('toString')).toThrow(ValueError);
  });
});

describe('normLayer results', () => {
  it('a non-module: names the layer and the channel count', () => {
    expect(() => resnet18({ normLayer: (() => 42) as never })).toThrow(
      new ArgumentTypeError('normLayer must return a Module, but for bn1 (64 channels) it returned a number'),
    );
  });

  it('GroupNorm with C % G !== 0: names the first layer that cannot take it', () => {
    // 64 channels take 32 groups, 128 do not take 48: the first 128-channel norm is layer2's downsample
    const normLayer = (c: number) => new GroupNorm(c === 64 ? 32 : 48, c);
    expect(() => resnet18({ normLayer })).toThrow(
      new ValueError(
        'normLayer could not make the norm layer of layer2.0.downsample.1 (128 channels): ' +
          'num_channels must be divisible by num_groups (got num_channels=128, num_groups=48)',
      ),
    );
    // RegNetY-400MF: the stem (32) and stage 1 (48) take 16 groups, stage 2 (104) does not
    expect(() => regnetY400mf({ normLayer: (c) => new GroupNorm(16, c) })).toThrow(
      /^normLayer could not make the norm layer of trunk_output\.block2\.block2-0\.proj\.1 \(104 channels\): /,
    );
  });

  it('a module for another channel count: names both counts', () => {
    expect(() => resnet18({ normLayer: () => new BatchNorm2d(64) })).toThrow(
      new ValueError(
        'normLayer returned BatchNorm2d for 64 channels as the norm layer of layer2.0.downsample.1 (128 channels)',
      ),
    );
  });

  it('changes nothing: the default generator is where it was, the next build is as if none had failed', () => {
    manualSeed(3);
    const state = defaultGenerator.getState();
    expect(() => resnet18({ normLayer: (c) => new GroupNorm(c === 512 ? 7 : 8, c) })).toThrow(
      /layer4\.0\.downsample\.1/,
    );
    expect(defaultGenerator.getState()).toEqual(state);
    const after = resnet18({ numClasses: 10 });
    manualSeed(3);
    const fresh = resnet18({ numClasses: 10 });
    expect(maxAbsDiff(after.fc.weight, fresh.fc.weight)).toBe(0);
    const conv2 = (m: ResNet) => (m.layer4.at(1) as BasicBlock).conv2.weight;
    expect(maxAbsDiff(conv2(after), conv2(fresh))).toBe(0);
  });
});

describe('BlockParams', () => {
  it('refuses invalid RegNet settings (torchvision: "Invalid RegNet settings")', () => {
    const ok = { depth: 16, w0: 48, wA: 27.89, wM: 2.09, groupWidth: 8 };
    for (const bad of [{ wM: 1 }, { w0: 50 }, { wA: -1 }, { w0: 0 }]) {
      expect(() => BlockParams.fromInitParams({ ...ok, ...bad })).toThrow(
        /^Invalid RegNet settings: expected wA >= 0/,
      );
    }
    expect(() => BlockParams.fromInitParams({ ...ok, depth: 0 })).toThrow(
      new ValueError('Invalid RegNet settings: expected depth to be a positive integer, but got 0'),
    );
  });

  it('refuses per-stage lists of different lengths or bad values', () => {
    const good = {
      depths: [1, 2],
      widths: [8, 16],
      groupWidths: [8, 8],
      bottleneckMultipliers: [1, 1],
      strides: [2, 2],
    };
    expect(() => new BlockParams({ ...good, widths: [8] })).toThrow(
      new ValueError(
        'BlockParams: expected depths, widths, groupWidths, bottleneckMultipliers, strides to be non-empty lists of ' +
          'the same length, but got lengths 2, 1, 2, 2, 2',
      ),
    );
    expect(() => new BlockParams({ ...good, depths: [1, 0] })).toThrow(
      new ValueError('BlockParams: expected depths to be positive integers, but got [1, 0]'),
    );
    expect(() => new BlockParams({ ...good, seRatio: -0.25 })).toThrow(
      new ValueError('BlockParams: expected seRatio to be null or positive, but got -0.25'),
    );
  });
});
