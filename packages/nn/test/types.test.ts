// Types are part of the API: layers keep their forward signatures through vmap, slots have their declared types,
// and the ensemble helpers return state dicts. Checked by tsc (typecheck) and, for the values, at run time.
import { type Tensor, zeros } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BatchNorm2d,
  Conv2d,
  functionalCall,
  Linear,
  type Module,
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
