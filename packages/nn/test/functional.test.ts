// The F namespace is torch.nn.functional's names bound to @bn/tensor's own functions (no wrappers).
import * as tensorLib from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';

// torch.nn.functional names (camelCase) that @bn/tensor implements
const NAMES = [
  'adaptiveAvgPool2d',
  'avgPool2d',
  'batchNorm',
  'conv2d',
  'crossEntropy',
  'dropout',
  'gelu',
  'groupNorm',
  'instanceNorm',
  'layerNorm',
  'linear',
  'logSoftmax',
  'maxPool2d',
  'nllLoss',
  'oneHot',
  'pad',
  'relu',
  'sigmoid',
  'silu',
  'softmax',
  'tanh',
];

describe('F', () => {
  it('exports exactly the listed names', () => {
    expect(Object.keys(F).sort()).toEqual(NAMES);
  });

  it("binds each name to @bn/tensor's function itself", () => {
    for (const name of NAMES) {
      const fn = (F as Record<string, unknown>)[name];
      expect(fn, name).toBeTypeOf('function');
      expect(fn, name).toBe((tensorLib as Record<string, unknown>)[name]);
    }
  });
});
