// Every module class @bn/models exports declares its own `moduleName`, equal to its export name, so a minified
// bundle prints `ResNet(`, `(0): BasicBlock(` and `normLayer returned GroupNorm ...` as the source does.
import { GroupNorm, Module } from '@bn/nn';
import { declaredModuleNames } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import * as models from '../src/index.js';

describe('module names', () => {
  it('every exported module class declares its own, equal to its export name', () => {
    const declared = declaredModuleNames(models, Module);
    expect(declared).toEqual(Object.fromEntries(Object.keys(declared).map((name) => [name, name])));
    expect(Object.keys(declared).sort()).toEqual([
      'AnyStage',
      'BasicBlock',
      'Bottleneck',
      'BottleneckTransform',
      'Conv2dNormActivation',
      'RegNet',
      'ResBottleneckBlock',
      'ResNet',
      'SimpleStemIN',
      'SqueezeExcitation',
    ]);
  });

  it("a normLayer's module of the wrong size is named by its declared name", () => {
    class Norm extends GroupNorm {
      static override readonly moduleName: string = 'UserNorm';
    }
    expect(() => models.resnet18({ normLayer: () => new Norm(1, 8) })).toThrow(
      /^normLayer returned UserNorm for 8 channels as the norm layer of bn1 \(64 channels\)$/,
    );
  });
});
