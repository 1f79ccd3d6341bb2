// The FLOP counter behind the models suite's GFLOP/s counts what torchvision's forward hooks count for the same
// architectures (packages/models' fixture from tools/golden/models_architectures.py: one 3x224x224 image).
import { regnetY400mf, resnet18, torchvisionName } from '@bn/models';
import { skipInit } from '@bn/nn';
import { zeros } from '@bn/tensor';
import { readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { countFlops } from '../src/models/flops.js';

const fixture = readJson<{ models: Record<string, { flops: number }> }>(
  new URL('../../../packages/models/test/fixtures/architectures.json.gz', import.meta.url),
);

describe('countFlops', () => {
  for (const [name, build] of Object.entries({ resnet18, regnetY400mf })) {
    it(`${name}: torchvision's count, per image, with every module's forward as it was`, () => {
      const model = skipInit(() => build()).eval();
      const forwards = model.modules().map((m) => m.forward);
      expect(countFlops(model, zeros([1, 3, 224, 224]))).toBe(fixture.models[torchvisionName(name)]!.flops);
      expect(countFlops(model, zeros([2, 3, 32, 32]))).toBe(2 * countFlops(model, zeros([1, 3, 32, 32])));
      expect(model.modules().every((m, k) => m.forward === forwards[k])).toBe(true);
    });
  }
});
