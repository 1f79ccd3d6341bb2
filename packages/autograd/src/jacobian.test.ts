// jvp against finite differences and hand-derived derivatives; jacrev against the analytic Jacobian of a small
// map; jacfwd equal to jacrev; the Hessian of a quadratic form and of a tiny MLP against its finite differences;
// functorch's errors.
import { add, matmul, mul, sigmoid, sum, type Tensor, tanh, tensor } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { hessian, jacfwd, jacrev, jvp } from './index.js';

/** f(x) = [x0 x1, sin-free: x0^2 + 3 x2, x1 x2]: J = [[x1, x0, 0], [2 x0, 0, 3], [0, x2, x1]]. */
const f = (x: unknown) => {
  const t = x as Tensor;
  const [a, b, c] = [t.select(0, 0), t.select(0, 1), t.select(0, 2)];
  return tensorOf([mul(a, b), add(mul(a, a), mul(c, 3)), mul(b, c)]);
};
const tensorOf = (parts: Tensor[]) =>
  add(
    mul(parts[0]!.unsqueeze(0), tensor([1, 0, 0])),
    add(mul(parts[1]!.unsqueeze(0), tensor([0, 1, 0])), mul(parts[2]!.unsqueeze(0), tensor([0, 0, 1]))),
  );
const x0 = () => tensor([2, -1, 0.5]);
const J = [
  [-1, 2, 0],
  [4, 0, 3],
  [0, 0.5, -1],
];

describe('jvp', () => {
  it('is J v: the directional derivative along the tangent', () => {
    const [out, along] = jvp(f, [x0()], [tensor([1, 2, 3])]);
    expect((out as Tensor).toArray()).toEqual([-2, 5.5, -0.5]);
    expect((along as Tensor).toArray()).toEqual([3, 13, -2]);
  });

  it("gives functorch's errors", () => {
    expect(() => jvp(f, x0() as never, [x0()])).toThrow(
      'jvp(f, primals, tangents): Expected primals to be a tuple',
    );
    expect(() => jvp(f, [x0()], [x0(), x0()] as never)).toThrow(
      'Expected primals and tangents to have the same python structure',
    );
    expect(() => jvp(f, [x0()], [tensor([1])])).toThrow(
      'Expected primals and tangents to have the same shape',
    );
  });
});

describe('jacrev and jacfwd', () => {
  it('give the analytic Jacobian, shaped output.shape + input.shape', () => {
    expect((jacrev(f)(x0()) as Tensor).toArray()).toEqual(J);
    expect((jacfwd(f)(x0()) as Tensor).toArray()).toEqual(J);
  });

  it('arrange several arguments and outputs as functorch', () => {
    const g = (a: unknown, b: unknown) => [mul(a as Tensor, b as Tensor), sum(a as Tensor)];
    const [a, b] = [tensor([1, 2]), tensor([3, 4])];
    for (const jac of [jacrev, jacfwd]) {
      const [[daProd, dbProd], [daSum, dbSum]] = jac(g, { argnums: [0, 1] })(a, b) as Tensor[][] as [
        Tensor[],
        Tensor[],
      ];
      expect(daProd!.toArray()).toEqual([
        [3, 0],
        [0, 4],
      ]);
      expect(dbProd!.toArray()).toEqual([
        [1, 0],
        [0, 2],
      ]);
      expect(daSum!.toArray()).toEqual([1, 1]);
      expect(dbSum!.toArray()).toEqual([0, 0]);
    }
  });
});

describe('hessian', () => {
  it('of a quadratic form x^T A x is A + A^T', () => {
    const A = tensor([
      [1, 2, 0],
      [0, 3, -1],
      [4, 0, 2],
    ]);
    const q = (x: unknown) => sum(mul(x as Tensor, matmul(A, x as Tensor)));
    expect((hessian(q)(x0()) as Tensor).toArray()).toEqual([
      [2, 2, 4],
      [2, 6, -1],
      [4, -1, 4],
    ]);
  });

  it('of a tiny MLP equals the finite differences of its gradient', () => {
    const W = tensor([
      [0.3, -0.2, 0.5],
      [0.1, 0.4, -0.6],
    ]);
    const mlp = (x: unknown) => sum(tanh(matmul(W, sigmoid(x as Tensor))));
    const H = hessian(mlp)(x0()) as Tensor;
    const grad = jacrev(mlp);
    const eps = 1e-2;
    for (let i = 0; i < 3; i++) {
      const step = tensor([0, 1, 2].map((k) => (k === i ? eps : 0)));
      const numeric = mul(
        add(grad(add(x0(), step)) as Tensor, mul(grad(add(x0(), mul(step, -1))) as Tensor, -1)),
        1 / (2 * eps),
      );
      expectClose(H.select(1, i), numeric, 1e-2, 1e-4, `column ${i}`);
    }
  });
});
