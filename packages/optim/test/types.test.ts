// Types are part of the API: the pure core's state is shaped and typed like the parameters, so the README's
// `state.w.step` compiles under strict TypeScript. Checked by tsc (typecheck) and, for the values, at run time.
import { type Tensor, tensor } from '@bn/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type AdamState, adam, type ParamTree, type SGDState, type StateTree, sgd } from '../src/index.js';

describe('functional optimizer types', () => {
  it('init and update give a state typed leaf by leaf like the parameters', () => {
    const optimizer = adam({ lr: 0.1 });
    const params = { w: tensor([1, 2]), b: tensor(0), layers: [tensor([3])] };
    const state = optimizer.init(params);
    expectTypeOf(state.w).toEqualTypeOf<AdamState>();
    expectTypeOf(state.layers).toEqualTypeOf<readonly AdamState[]>();
    const grads = { w: tensor([1, 1]), b: tensor(1), layers: [tensor([1])] };
    const next = optimizer.update(grads, state, params);
    expectTypeOf(next.params).toEqualTypeOf<typeof params>();
    expectTypeOf(next.state.b.step).toEqualTypeOf<Tensor>();
    expect(next.state.w.step.item()).toBe(1);
    expect(next.state.layers[0]!.expAvg.toArray()).toEqual([Math.fround(0.1)]); // (1 - beta1) g
  });

  it('a tree typed only as ParamTree has a StateTree', () => {
    const init = (params: ParamTree) => sgd({ lr: 1 }).init(params);
    expectTypeOf(init).returns.toEqualTypeOf<StateTree<SGDState>>();
    expect((sgd({ lr: 1 }).init(tensor([1])) as SGDState).step.item()).toBe(0);
  });
});
