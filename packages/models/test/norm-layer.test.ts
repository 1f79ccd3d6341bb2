// normLayer reaches every norm site of every builder (stem, each block's norms, each downsample or projection): built
// with GroupNorm, a model has no BatchNorm left, and its GroupNorms sit exactly where the default's BatchNorms do,
// with the same channel counts. Built under skipInit (values do not matter here).
import { BatchNorm, BatchNorm2d, GroupNorm, type Module, ReLU, skipInit } from '@bn/nn';
import { describe, expect, it } from 'vitest';
import { getModelBuilder, listModels, regnetX400mf, resnet50 } from '../src/index.js';

/** [path, channels] of every module of `root` for which `channels` gives a channel count. */
function normSites(root: Module, channels: (m: Module) => number | undefined): [string, number][] {
  return root.namedModules().flatMap(([path, m]) => {
    const c = channels(m);
    return c === undefined ? [] : [[path, c] as [string, number]];
  });
}

describe('normLayer', () => {
  for (const name of listModels()) {
    it(`${name}: GroupNorm everywhere the default has BatchNorm2d`, () => {
      const build = getModelBuilder(name) as (options?: object) => Module;
      const batchNorms = normSites(skipInit(build), (m) =>
        m instanceof BatchNorm ? m.numFeatures : undefined,
      );
      const grouped = skipInit(() => build({ normLayer: (c: number) => new GroupNorm(1, c) }));
      expect(grouped.modules().some((m) => m instanceof BatchNorm)).toBe(false);
      expect(normSites(grouped, (m) => (m instanceof GroupNorm ? m.numChannels : undefined))).toEqual(
        batchNorms,
      );
      expect(batchNorms.length).toBeGreaterThan(0);
    });
  }

  it("null means the default, as torchvision's None: BatchNorm2d and ReLU", () => {
    const resnet = skipInit(() => resnet50({ normLayer: null }));
    expect(resnet.modules().filter((m) => m instanceof BatchNorm2d)).toHaveLength(53);
    const regnet = skipInit(() => regnetX400mf({ normLayer: null, activation: null }));
    expect(regnet.stem.at(1)).toBeInstanceOf(BatchNorm2d);
    expect(regnet.stem.at(2)).toBeInstanceOf(ReLU);
  });
});
