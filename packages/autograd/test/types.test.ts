// Types are part of the API: each transform's result is typed from the function it transforms and its options
// (a gradient has its argument's type, argnums picks arguments, hasAux pairs with f's aux), so the README's
// programs compile under strict TypeScript. Checked by tsc (typecheck) and, for the values, at run time.
import { mul, sum, type Tensor, tensor } from '@bn/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { grad, gradAndValue, hessian, jacfwd, jacrev, jvp, vjp } from '../src/index.js';

const cube = (x: Tensor) => sum(mul(x, mul(x, x)));
type Params = { w: Tensor; b: Tensor };
const affineLoss = (p: Params, x: Tensor) => sum(mul(x, p.w).add(p.b));

describe('transform types', () => {
  it('grad and gradAndValue: the argument selected by argnums, paired with aux or the value', () => {
    const x = tensor([1, 2]);
    const g = grad(cube)(x);
    expectTypeOf(g).toEqualTypeOf<Tensor>();
    expect(g.toArray()).toEqual([3, 12]);
    const p = { w: tensor([1, 2]), b: tensor([0.5]) };
    const dp = grad(affineLoss)(p, x);
    expectTypeOf(dp).toEqualTypeOf<Params>();
    expect(dp.w.toArray()).toEqual([1, 2]);
    expectTypeOf(grad(affineLoss, { argnums: 1 })(p, x)).toEqualTypeOf<Tensor>();
    expectTypeOf(grad(affineLoss, { argnums: [0, 1] })(p, x)).toEqualTypeOf<[Params, Tensor]>();
    const withAux = (t: Tensor) => [cube(t), 'aux'] as const;
    const [gt, aux] = grad(withAux, { hasAux: true })(x);
    expectTypeOf(gt).toEqualTypeOf<Tensor>();
    expectTypeOf(aux).toEqualTypeOf<'aux'>();
    expect(aux).toBe('aux');
    const [gv, value] = gradAndValue(cube)(x);
    expectTypeOf(gv).toEqualTypeOf<Tensor>();
    expectTypeOf(value).toEqualTypeOf<Tensor>();
    expect(value.item()).toBe(9);
  });

  it('vjp and jvp: the output typed as f returns it, the primals and cotangents as f takes them', () => {
    // untyped parameters take their types from the primals
    const [out, pullback] = vjp((a, b) => mul(a, b), [tensor([1, 2]), tensor([3, 4])]);
    expectTypeOf(out).toEqualTypeOf<Tensor>();
    const [ga, gb] = pullback(tensor([1, 1]));
    expectTypeOf(ga).toEqualTypeOf<Tensor>();
    expect([ga.toArray(), gb.toArray()]).toEqual([
      [3, 4],
      [1, 2],
    ]);
    const [value, along] = jvp(cube, [tensor(1)], [tensor(1)]);
    expectTypeOf(along).toEqualTypeOf<Tensor>();
    expect([value.item(), along.item()]).toEqual([1, 3]);
    // @ts-expect-error the cotangent of a Tensor output is a Tensor
    expect(() => pullback('one')).toThrow();
  });

  it('jacrev, jacfwd, hessian: a Tensor for a Tensor function of a Tensor', () => {
    const x = tensor([1, 2]);
    expectTypeOf(jacrev(cube)(x)).toEqualTypeOf<Tensor>();
    expectTypeOf(jacfwd(cube)(x)).toEqualTypeOf<Tensor>();
    const h = hessian(cube)(x);
    expectTypeOf(h).toEqualTypeOf<Tensor>();
    expect(h.toArray()).toEqual([
      [6, 0],
      [0, 12],
    ]);
    expectTypeOf(jacrev(affineLoss, { argnums: [1] })({ w: x, b: x }, x)).toEqualTypeOf<[Tensor]>();
  });
});
