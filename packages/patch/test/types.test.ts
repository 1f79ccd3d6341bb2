// Types are part of the API: a normLayer default takes any other factory (the README's makeNet), and the root
// replaceBatchNormWithGroupNorm_ returns is typed with its BatchNorms replaced. Checked by tsc and at run time.
import { BatchNorm2d, Conv2d, GroupNorm, type Module, ReLU, Sequential } from '@bn/nn';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type NormLayer, normLayers, replaceBatchNormWithGroupNorm_ } from '../src/index.js';

describe('patch types', () => {
  it('a parameter defaulting to one normLayers factory accepts the others', () => {
    const makeNet = (normLayer = normLayers.batchNorm()) => new Sequential(new Conv2d(3, 8, 3), normLayer(8));
    expectTypeOf(normLayers.groupNorm(8)).toEqualTypeOf<NormLayer>();
    expect(makeNet(normLayers.groupNorm(4)).at(1)).toBeInstanceOf(GroupNorm);
    expect(makeNet(normLayers.batchNormNoStats()).at(1)).toBeInstanceOf(BatchNorm2d);
    expect(makeNet((c) => new GroupNorm(2, c)).at(1)).toBeInstanceOf(GroupNorm);
  });

  it("replaceBatchNormWithGroupNorm_'s root has GroupNorm where the type had a BatchNorm", () => {
    const net = new Sequential(new Conv2d(3, 8, 3), new BatchNorm2d(8), new ReLU());
    const { root } = replaceBatchNormWithGroupNorm_(net);
    expectTypeOf(root).toEqualTypeOf<Sequential<[Conv2d, GroupNorm, ReLU]>>();
    expect(root.at(1).numGroups).toBe(8);
    expectTypeOf(replaceBatchNormWithGroupNorm_(new BatchNorm2d(4)).root).toEqualTypeOf<GroupNorm>();
    const plain: Module = new Sequential(new BatchNorm2d(4));
    expectTypeOf(replaceBatchNormWithGroupNorm_(plain).root).toEqualTypeOf<Module>();
  });
});
