// Builders by name: camelCase names and torchvision's snake_case ones reach the same builder; options pass through.
import { GroupNorm } from '@bn/nn';
import { ArgumentTypeError } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import {
  getModel,
  getModelBuilder,
  listModels,
  RegNet,
  type ResNet,
  regnetX1_6gf,
  regnetY400mf,
  resnext50_32x4d,
  torchvisionName,
  wideResnet50_2,
} from '../src/index.js';

describe('model registry', () => {
  it('lists the 25 builders, sorted', () => {
    const names = listModels();
    expect(names).toHaveLength(25);
    expect(names).toEqual([...names].sort());
  });

  it('maps our names to torchvision names and back', () => {
    expect(torchvisionName('regnetX1_6gf')).toBe('regnet_x_1_6gf');
    expect(torchvisionName('wideResnet50_2')).toBe('wide_resnet50_2');
    expect(torchvisionName('resnext50_32x4d')).toBe('resnext50_32x4d');
    expect(getModelBuilder('regnet_x_1_6gf')).toBe(regnetX1_6gf);
    expect(getModelBuilder('REGNET_Y_400MF')).toBe(regnetY400mf);
    expect(getModelBuilder('wide_resnet50_2')).toBe(wideResnet50_2);
    expect(getModelBuilder('resnext50_32x4d')).toBe(resnext50_32x4d);
  });

  it('getModel passes the options to the builder', () => {
    const model = getModel('regnetY400mf', { numClasses: 3, normLayer: (c) => new GroupNorm(8, c) });
    expect(model).toBeInstanceOf(RegNet);
    expect((model as RegNet).fc.outFeatures).toBe(3);
    expect(model.modules().filter((m) => m instanceof GroupNorm)).toHaveLength(1 + 3 * 16 + 4);
    const resnet = getModel('resnet18', { numClasses: 2 }) as ResNet;
    expect(resnet.fc.outFeatures).toBe(2);
    expect(() => getModel('resnet18', { stemWidth: 8 })).toThrow(/unexpected keyword argument 'stemWidth'/);
    expect(() => getModelBuilder(3 as never)).toThrow(
      new ArgumentTypeError('getModelBuilder: expected a model name, but got a number'),
    );
  });
});
