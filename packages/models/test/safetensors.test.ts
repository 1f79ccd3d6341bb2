// PyTorch weights load: a real torchvision RegNet (tools/golden/models_safetensors.py: custom BlockParams, 10
// classes, running stats from 3 training steps) saved as .safetensors loads into the same @bn/models RegNet and
// reproduces torchvision's outputs in eval mode and in one training step, running stats included.
import { readFileSync } from 'node:fs';
import { type BatchNorm2d, loadSafetensors, skipInit } from '@bn/nn';
import { ValueError } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, maxAbsDiff, readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { BlockParams, RegNet, resnet18 } from '../src/index.js';

interface TinyFixture {
  blockParamsArgs: { depth: number; w0: number; wA: number; wM: number; groupWidth: number; seRatio: number };
  blockParams: Record<string, unknown>;
  numClasses: number;
  stemWidth: number;
  params: number;
  state: [string, number[], string][];
  input: EncodedTensor;
  evalOutput: EncodedTensor;
  trainOutput: EncodedTensor;
  trainRunningMean: EncodedTensor;
  trainRunningVar: EncodedTensor;
}

const fixture = readJson<TinyFixture>(new URL('./fixtures/regnet_tiny.json', import.meta.url));
const bytes = () =>
  new Uint8Array(readFileSync(new URL('./fixtures/regnet_tiny.safetensors', import.meta.url)));

function tinyRegNet(): RegNet {
  const { depth, w0, wA, wM, groupWidth, seRatio } = fixture.blockParamsArgs;
  const params = BlockParams.fromInitParams({ depth, w0, wA, wM, groupWidth, seRatio });
  return skipInit(() => new RegNet(params, { numClasses: fixture.numClasses, stemWidth: fixture.stemWidth }));
}

// outputs are O(0.01-0.1) (torchvision's classifier init has std 0.01); float32 on both sides
const RTOL = 1e-4;
const ATOL = 1e-6;

describe('a torchvision RegNet saved as .safetensors', () => {
  it('has the same stages, keys, shapes and parameter count', () => {
    const model = tinyRegNet();
    expect({ ...model.blockParams }).toEqual(fixture.blockParams);
    expect(Object.entries(model.stateDict()).map(([k, t]) => [k, [...t.shape]])).toEqual(
      fixture.state.map(([k, shape]) => [k, shape]),
    );
    expect(model.parameters().reduce((n, p) => n + p.numel(), 0)).toBe(fixture.params);
  });

  it('loads with loadStateDict(loadSafetensors(bytes)) and reproduces the eval output', () => {
    const model = tinyRegNet();
    expect(model.loadStateDict(loadSafetensors(bytes()))).toEqual({ missingKeys: [], unexpectedKeys: [] });
    model.eval();
    expectClose(
      model.forward(decodeTensor(fixture.input)),
      decodeTensor(fixture.evalOutput),
      RTOL,
      ATOL,
      'eval',
    );
  });

  it('reproduces a training step: output and the running stats it updates', () => {
    const model = tinyRegNet();
    model.loadStateDict(loadSafetensors(bytes()));
    model.train();
    const y = model.forward(decodeTensor(fixture.input));
    expectClose(y, decodeTensor(fixture.trainOutput), RTOL, ATOL, 'train');
    const stemNorm = model.getSubmodule('stem.1') as BatchNorm2d;
    expectClose(stemNorm.runningMean!, decodeTensor(fixture.trainRunningMean), 1e-5, 1e-6, 'running_mean');
    expectClose(stemNorm.runningVar!, decodeTensor(fixture.trainRunningVar), 1e-5, 1e-6, 'running_var');
  });

  it('into a different architecture: throws and leaves the model as it was', () => {
    const model = resnet18({ numClasses: 10 });
    const before = Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()] as const);
    expect(() => model.loadStateDict(loadSafetensors(bytes()))).toThrow(
      /Error\(s\) in loading state_dict for ResNet:\n\tMissing key\(s\) in state_dict: "conv1.weight"/,
    );
    const after = model.stateDict();
    for (const [k, t] of before) expect(maxAbsDiff(after[k]!, t), k).toBe(0);
  });

  it('with a wrong number of classes: throws naming the size mismatch, changes nothing', () => {
    const { depth, w0, wA, wM, groupWidth, seRatio } = fixture.blockParamsArgs;
    const params = BlockParams.fromInitParams({ depth, w0, wA, wM, groupWidth, seRatio });
    const model = new RegNet(params, { numClasses: 5, stemWidth: fixture.stemWidth });
    const fcBefore = model.fc.weight.clone();
    expect(() => model.loadStateDict(loadSafetensors(bytes()))).toThrow(
      /size mismatch for fc\.weight: copying a param with shape \[10, 64\] from checkpoint, the shape in current model is \[5, 64\]/,
    );
    expect(maxAbsDiff(model.fc.weight, fcBefore)).toBe(0);
    expect(() => new RegNet(params, { numClasses: 0 })).toThrow(ValueError);
  });
});
