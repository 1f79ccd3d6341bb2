// Every builder against torchvision 0.14 (tools/golden/models_architectures.py): parameter count, state-dict keys
// and shapes in order, RegNet stage settings, and the printed tree of four of them. Built under skipInit: the
// values do not matter here and the big RegNets would take minutes to draw.
import { skipInit } from '@bn/nn';
import { readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { getModelBuilder, listModels, RegNet, torchvisionName } from '../src/index.js';

interface ArchitectureFixture {
  models: Record<
    string,
    {
      params: number;
      state: [string, number[]][];
      blockParams?: Record<string, unknown>;
      flops: number;
      repr?: string;
    }
  >;
}

const fixture = readJson<ArchitectureFixture>(new URL('./fixtures/architectures.json.gz', import.meta.url));

describe('builders vs torchvision', () => {
  it('has one builder per torchvision builder, named in camelCase', () => {
    expect(listModels().map(torchvisionName).sort()).toEqual(Object.keys(fixture.models).sort());
  });

  for (const [name, expected] of Object.entries(fixture.models)) {
    it(`${name}: parameter count, state-dict keys and shapes in order`, () => {
      const model = skipInit(() => getModelBuilder(name)());
      const params = model.parameters().reduce((n, p) => n + p.numel(), 0);
      expect(params).toBe(expected.params);
      const state = Object.entries(model.stateDict()).map(([k, t]) => [k, [...t.shape]]);
      expect(state).toEqual(expected.state);
      if (expected.blockParams) {
        expect(model).toBeInstanceOf(RegNet);
        expect({ ...(model as RegNet).blockParams }).toEqual(expected.blockParams);
      }
      if (expected.repr) expect(model.toString()).toBe(expected.repr);
    });
  }
});
