// grad, gradAndValue, vjp and noGrad: values against hand-derived gradients, argnums and aux, pytrees of
// parameters, functorch's errors, reading values inside grad, and grad of grad.
import {
  ArgumentTypeError,
  add,
  exp,
  matmul,
  mul,
  RuntimeError,
  sigmoid,
  sum,
  type Tensor,
  tensor,
  zeros,
} from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { grad, gradAndValue, noGrad, vjp } from './index.js';

const x = () => tensor([0.5, -1, 2]);

describe('grad', () => {
  it('differentiates a scalar function: d/dx sum(x^2 exp(x)) = (2x + x^2) exp(x)', () => {
    const g = grad((t: Tensor) => sum(mul(mul(t, t), exp(t))))(x()) as Tensor;
    const want = [0.5, -1, 2].map((v) => (2 * v + v * v) * Math.exp(v));
    expectClose(g, tensor(want), 1e-6, 1e-6, 'grad');
  });

  it('takes argnums (one index: the gradient; a list: a list) and gives zeros to an unused input', () => {
    const f = (a: Tensor, b: Tensor, _unused: Tensor) => sum(mul(a, b));
    const [a, b, c] = [x(), tensor([3, 4, 5]), tensor([7, 7])];
    expect((grad(f, { argnums: 1 })(a, b, c) as Tensor).toArray()).toEqual([0.5, -1, 2]);
    const [ga, gc] = grad(f, { argnums: [0, 2] })(a, b, c) as Tensor[];
    expect([ga!.toArray(), gc!.toArray()]).toEqual([
      [3, 4, 5],
      [0, 0],
    ]);
    expect((grad(f, { argnums: -3 })(a, b, c) as Tensor).toArray()).toEqual([3, 4, 5]);
  });

  it('differentiates a dict of parameters and returns a dict of gradients', () => {
    const loss = (p: { w: Tensor; b: Tensor }, input: Tensor) => sum(add(matmul(input, p.w), p.b));
    const params = {
      w: tensor([
        [1, 2],
        [3, 4],
      ]),
      b: tensor([0.5, 0.5]),
    };
    const g = grad(loss)(
      params,
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    ) as { w: Tensor; b: Tensor };
    expect(g.w.toArray()).toEqual([
      [9, 9],
      [12, 12],
    ]);
    expect(g.b.toArray()).toEqual([3, 3]);
  });

  it('returns aux beside the gradient, and the value with gradAndValue', () => {
    const f = (t: Tensor): [Tensor, { n: number; y: Tensor }] => {
      const y = mul(t, 3);
      return [sum(y), { n: 7, y }];
    };
    const [g, aux] = grad(f, { hasAux: true })(x()) as [Tensor, { n: number; y: Tensor }];
    expect(g.toArray()).toEqual([3, 3, 3]);
    expect(aux.n).toBe(7);
    expect(aux.y.level).toBe(0);
    expect(aux.y.toArray()).toEqual([1.5, -3, 6]);
    const [g2, value] = gradAndValue((t: Tensor) => sum(mul(t, t)))(x()) as [Tensor, Tensor];
    expect(g2.toArray()).toEqual([1, -2, 4]);
    expect(value.item()).toBe(5.25);
  });

  it('reads values inside the function (data-dependent control flow), as functorch', () => {
    const f = (t: Tensor) => (sum(t).item() > 0 ? sum(mul(t, 2)) : sum(t));
    expect((grad(f)(x()) as Tensor).toArray()).toEqual([2, 2, 2]);
  });

  it('differentiates a gradient: the second derivative of sum(x^3) is 6x', () => {
    const second = grad((t: Tensor) => sum(grad((u: Tensor) => sum(mul(mul(u, u), u)))(t) as Tensor))(x());
    expectClose(second as Tensor, tensor([3, -6, 12]), 1e-6, 1e-6, 'grad of grad');
  });

  it("gives functorch's errors", () => {
    expect(() => grad((t: Tensor) => mul(t, 2))(x())).toThrow(
      new RuntimeError(
        'grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with 1 dims. Maybe you ' +
          'wanted to use the vjp or jacrev APIs instead?',
      ),
    );
    expect(() => grad((() => 3) as (t: Tensor) => unknown)(x())).toThrow(
      'Expected f(*args) to return a Tensor, got a number',
    );
    expect(() => grad((t: Tensor) => sum(t))(tensor([1, 2], { dtype: 'int32' }))).toThrow(
      'only Tensors of floating point dtype can require gradients',
    );
    expect(() => grad((t: Tensor) => sum(t), { hasAux: true })(x())).toThrow(
      'output of function f should be a tuple: (output, aux) if has_aux is True',
    );
    expect(() => grad((t: Tensor) => sum(t), { argnums: 3 })(x())).toThrow(
      'Got argnums=3, but only 1 positional inputs',
    );
    expect(() => grad((a: Tensor) => sum(a), { argnums: [0, 0] })(x())).toThrow('argnums must be unique');
    expect(() => grad((t: Tensor) => sum(t), { argnums: 'a' as never })(x())).toThrow(ArgumentTypeError);
    expect(() => grad(async (t: Tensor) => sum(t))).toThrow("grad(): argument 'func' is an async function");
  });

  it('throws "escaped" for a tensor of the grad level used after it returned', () => {
    let kept: Tensor | null = null;
    grad((t: Tensor) => {
      kept = mul(t, 2);
      return sum(kept);
    })(x());
    expect(() => add(kept!, 1)).toThrow('escaped from a grad');
  });
});

describe('vjp', () => {
  it('returns the output and a function of the cotangent, callable after the level returned', () => {
    const [out, pullback] = vjp(
      (a: unknown, b: unknown) => mul(a as Tensor, b as Tensor),
      [x(), tensor([2, 3, 4])],
    );
    expect((out as Tensor).toArray()).toEqual([1, -3, 8]);
    const [ga, gb] = pullback(tensor([1, 10, 100])) as Tensor[];
    expect(ga!.toArray()).toEqual([2, 30, 400]);
    expect(gb!.toArray()).toEqual([0.5, -10, 200]);
  });

  it('takes cotangents shaped like a tree of outputs, and checks them', () => {
    const f = (t: unknown) => ({ a: mul(t as Tensor, 2), b: [sigmoid(t as Tensor)] });
    const [, pullback] = vjp(f, [zeros([2])]);
    const [g] = pullback({ a: tensor([1, 1]), b: [tensor([4, 8])] }) as Tensor[];
    expect(g!.toArray()).toEqual([3, 4]);
    expect(() => pullback({ a: tensor([1, 1]) } as never)).toThrow('Expected pytree structure of cotangents');
    expect(() => pullback({ a: tensor([1]), b: [tensor([1, 1])] })).toThrow(
      'Mismatch in shape: grad_output[0] has a shape of [1] and output[0] has a shape of [2].',
    );
  });
});

describe('noGrad and detach', () => {
  it('stop the gradient', () => {
    const f = (t: Tensor) =>
      add(
        sum(mul(t, t)),
        noGrad(() => sum(mul(t, 100))),
      );
    expect((grad(f)(x()) as Tensor).toArray()).toEqual([1, -2, 4]);
    const g = (t: Tensor) => sum(mul(t, t.detach()));
    expect((grad(g)(x()) as Tensor).toArray()).toEqual([0.5, -1, 2]);
  });
});
