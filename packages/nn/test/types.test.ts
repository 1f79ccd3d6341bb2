// Types are part of the API: layers keep their forward signatures through vmap, slots have their declared types,
// and the ensemble helpers return state dicts. Checked by tsc (typecheck) and, for the values, at run time.
import { ones, type Tensor, tensor, zeros } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BatchNorm2d,
  Conv2d,
  functionalCall,
  GroupNorm,
  Linear,
  type Module,
  ModuleDict,
  ModuleList,
  type NormLayer,
  ReLU,
  Sequential,
  stackModuleState,
} from '../src/index.js';

describe('types', () => {
  it('keep forward signatures, slot types and state-dict shapes', () => {
    const bn = new BatchNorm2d(3);
    expectTypeOf(bn.forward).toEqualTypeOf<(x: Tensor) => Tensor>();
    expectTypeOf(vmap(bn)).toEqualTypeOf<(x: Tensor) => Tensor>();
    expectTypeOf(vmap(new Sequential(new Conv2d(3, 3, 1), bn))).toEqualTypeOf<(input: Tensor) => Tensor>();
    expectTypeOf(bn.runningMean).toEqualTypeOf<Tensor | null>();
    expectTypeOf(new Linear(2, 2).weight).toEqualTypeOf<Tensor>();
    expectTypeOf(stackModuleState([bn])).toEqualTypeOf<[Record<string, Tensor>, Record<string, Tensor>]>();
    expectTypeOf(functionalCall<Tensor>(bn, {}, zeros([2, 3, 1, 1]))).toEqualTypeOf<Tensor>();
    expectTypeOf<Sequential>().toExtend<Module>();
    // and the values behind those types
    expect(bn.runningMean?.shape).toEqual([3]);
    expect(vmap(bn.eval())(zeros([2, 2, 3, 1, 1])).shape).toEqual([2, 2, 3, 1, 1]);
  });
});

describe('containers are typed by their children', () => {
  it('Sequential: at(i) is the class given at i, negative from the end', () => {
    const net = new Sequential(new Conv2d(3, 8, 3), new BatchNorm2d(8), new ReLU());
    expectTypeOf(net).toEqualTypeOf<Sequential<[Conv2d, BatchNorm2d, ReLU]>>();
    expectTypeOf(net.at(1)).toEqualTypeOf<BatchNorm2d>();
    expectTypeOf(net.at(-1)).toEqualTypeOf<ReLU>();
    expectTypeOf(net.at(-3)).toEqualTypeOf<Conv2d>();
    const i: number = 1;
    expectTypeOf(net.at(i)).toEqualTypeOf<Conv2d | BatchNorm2d | ReLU>();
    expectTypeOf([...net]).toEqualTypeOf<(Conv2d | BatchNorm2d | ReLU)[]>();
    // the README's check compiles: the running mean of the BatchNorm at 1
    expect(net.at(1).runningMean?.shape).toEqual([8]);
    expect(net.at(-1)).toBeInstanceOf(ReLU);
    // set keeps the class at that position, so at() stays true
    net.set(1, new BatchNorm2d(8, { momentum: 0.5 }));
    // @ts-expect-error a GroupNorm where the tuple says BatchNorm2d
    net.set(1, new GroupNorm(2, 8));
    expect(net.at(1)).toBeInstanceOf(GroupNorm); // the call above ran: the type error is what is pinned
  });

  it('Sequential: append returns the container typed with the new child; bare Sequential holds anything', () => {
    const grown = new Sequential(new Linear(2, 3)).append(new ReLU());
    expectTypeOf(grown).toEqualTypeOf<Sequential<[Linear, ReLU]>>();
    expectTypeOf(grown.at(1)).toEqualTypeOf<ReLU>();
    const bare: Sequential = grown;
    expectTypeOf(bare.at(0)).toEqualTypeOf<Module>();
    bare.set(1, new GroupNorm(1, 3));
    expectTypeOf(new Sequential({ fc: new Linear(2, 3) })).toEqualTypeOf<Sequential<Module[]>>();
    expectTypeOf(new Sequential()).toEqualTypeOf<Sequential<[]>>();
    const layers: Module[] = [new Linear(2, 2)];
    expectTypeOf(new Sequential(...layers)).toEqualTypeOf<Sequential<Module[]>>();
    expect(bare.at(1)).toBeInstanceOf(GroupNorm);
  });

  it('ModuleList and ModuleDict: at(i) and get(key) have the class given', () => {
    const list = new ModuleList([new Linear(2, 3), new BatchNorm2d(4)]);
    expectTypeOf(list).toEqualTypeOf<ModuleList<[Linear, BatchNorm2d]>>();
    expectTypeOf(list.at(0).weight).toEqualTypeOf<Tensor>();
    expectTypeOf(list.append(new ReLU()).at(2)).toEqualTypeOf<ReLU>();
    expectTypeOf(new ModuleList(new Set([new ReLU()]))).toEqualTypeOf<ModuleList<Module[]>>();
    expectTypeOf(new ModuleList()).toEqualTypeOf<ModuleList<Module[]>>();
    const dict = new ModuleDict({ fc: new Linear(8, 5), norm: new GroupNorm(2, 8) });
    expectTypeOf(dict.get('fc')).toEqualTypeOf<Linear>();
    expectTypeOf(dict.get('norm').numGroups).toEqualTypeOf<number>();
    dict.set('added', new ReLU());
    expectTypeOf(dict.get('added')).toEqualTypeOf<Module>();
    // @ts-expect-error fc is a Linear
    dict.set('fc', new ReLU());
    expect(dict.keys()).toEqual(['fc', 'norm', 'added']);
    expect(list.at(0).weight.shape).toEqual([3, 2]);
  });
});

describe('functionalCall infers from forward', () => {
  it("gives forward's result type and checks args against its parameters", () => {
    const lin = new Linear(2, 1);
    const params = { weight: tensor([[1, 2]]), bias: tensor([0.5]) };
    const out = functionalCall(lin, params, ones([1, 2]));
    expectTypeOf(out).toEqualTypeOf<Tensor>();
    expect(out.item()).toBe(3.5);
    expectTypeOf(functionalCall(lin, params, [ones([1, 2])])).toEqualTypeOf<Tensor>();
    // @ts-expect-error Linear's forward takes a Tensor, not a number
    expect(() => functionalCall(lin, params, 3)).toThrow();
    // the explicit form still states the result
    expectTypeOf(functionalCall<Tensor>(lin, params, ones([1, 2]))).toEqualTypeOf<Tensor>();
    // a module typed as a plain Module gives unknown, not any
    const plain: Module = lin;
    expectTypeOf(functionalCall(plain, params, ones([1, 2]))).toEqualTypeOf<unknown>();
  });
});

describe('NormLayer', () => {
  it('accepts a factory of any norm module where one was inferred', () => {
    let normLayer: NormLayer = (c) => new BatchNorm2d(c);
    normLayer = (c) => new GroupNorm(2, c);
    expectTypeOf<NormLayer<GroupNorm>>().toExtend<NormLayer>();
    expect(normLayer(4)).toBeInstanceOf(GroupNorm);
  });
});
