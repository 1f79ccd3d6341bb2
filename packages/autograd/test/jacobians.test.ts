// hessian, jacrev and jacfwd of a small MLP over a dict of parameters against functorch in float64
// (tools/golden/autograd_jacobians.py): the Hessian of a cross-entropy with respect to the parameters, the input and
// both (functorch's arrangement of the blocks), the Jacobian of the logits; jacrev equals the stacked vjps of the basis
// cotangents and jacfwd equals jacrev. (src/jacobian.test.ts checks them on hand-derived maps of one tensor.)
import { add, crossEntropy, matmul, stack, type Tensor, tanh, tensor } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { hessian, jacfwd, jacrev, vjp } from '../src/index.js';

type Params = Record<string, Tensor>;
/** Nested dicts and lists of tensors, as functorch arranges Jacobians. */
type Encoded = EncodedTensor | Encoded[] | { [key: string]: Encoded };

interface JacobiansFixture {
  params: Record<string, EncodedTensor>;
  x: EncodedTensor;
  targets: number[];
  hessian: Encoded;
  jacobian: Record<string, EncodedTensor>;
}

const fixture = readJson<JacobiansFixture>(new URL('./fixtures/jacobians.json', import.meta.url));
const params = (): Params =>
  Object.fromEntries(Object.entries(fixture.params).map(([k, e]) => [k, decodeTensor(e)]));
const x = () => decodeTensor(fixture.x);
const t = () => tensor(fixture.targets, [fixture.targets.length], { dtype: 'int32' });

/** 3 -> 4 -> 2 with tanh: the logits [2, 2] of x [2, 3]. */
const mlp = (p: unknown, input: unknown) => {
  const { w1, b1, w2, b2 } = p as Params;
  const hidden = tanh(add(matmul(input as Tensor, w1!.transpose(0, 1)), b1!));
  return add(matmul(hidden, w2!.transpose(0, 1)), b2!);
};
const loss = (p: unknown, input: unknown, target: unknown) => crossEntropy(mlp(p, input), target as Tensor);

const isTensor = (e: Encoded): e is EncodedTensor => 'data' in e && 'shape' in e && !Array.isArray(e);

// float32 against float64 (stored rounded to float32) through a few ops on O(0.01-1) values: rounding moves the
// entries by ~1e-7 (6e-8 at worst here), far less than a wrong term of a second derivative would (~1e-2)
const RTOL = 1e-4;
const ATOL = 1e-6;

/** Asserts `actual` has the tree structure of `expected` and close tensors at its leaves. */
function expectTreeClose(actual: unknown, expected: Encoded, path: string): void {
  if (isTensor(expected)) {
    expectClose(actual as Tensor, decodeTensor(expected), RTOL, ATOL, path);
  } else if (Array.isArray(expected)) {
    expect(
      Array.isArray(actual) && actual.length === expected.length,
      `${path}: a list of ${expected.length}`,
    ).toBe(true);
    expected.forEach((e, i) => {
      expectTreeClose((actual as unknown[])[i], e, `${path}[${i}]`);
    });
  } else {
    expect(Object.keys(actual as object), `${path} keys`).toEqual(Object.keys(expected));
    for (const [k, e] of Object.entries(expected)) {
      expectTreeClose((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
    }
  }
}

/** The blocks of the fixture's Hessian over (params, x): `[params][a][params or x]`, `[x][params or x]`. */
const blocks = fixture.hessian as [Record<string, [Encoded, Encoded]>, [Encoded, Encoded]];

describe('hessian vs functorch', () => {
  it('of a cross-entropy with respect to a dict of parameters: a dict of dicts a.shape + b.shape', () => {
    const expected = Object.fromEntries(Object.entries(blocks[0]).map(([k, [wrtParams]]) => [k, wrtParams]));
    expectTreeClose(hessian(loss)(params(), x(), t()), expected, 'H');
  });

  it('with respect to the input', () => {
    expectTreeClose(hessian(loss, { argnums: 1 })(params(), x(), t()), blocks[1][1], 'H');
  });

  it('with respect to both, arranged as functorch: each output leaf a list over the argnums', () => {
    expectTreeClose(hessian(loss, { argnums: [0, 1] })(params(), x(), t()), fixture.hessian, 'H');
  });
});

describe('jacrev and jacfwd over a dict of parameters', () => {
  it("jacrev equals functorch's and the stacked vjps of the basis cotangents; jacfwd equals jacrev", () => {
    const p = params();
    const J = jacrev(mlp)(p, x()) as Params;
    expectTreeClose(J, fixture.jacobian, 'J');
    const [out, pullback] = vjp((q: unknown) => mlp(q, x()), [p]);
    const { shape } = out as Tensor;
    const n = (out as Tensor).numel();
    const rows = Array.from({ length: n }, (_, e) => {
      const basis = tensor(
        Array.from({ length: n }, (_, i) => (i === e ? 1 : 0)),
        shape,
      );
      return pullback(basis)[0] as Params;
    });
    const forward = jacfwd(mlp)(p, x()) as Params;
    expect(Object.keys(forward)).toEqual(Object.keys(J));
    for (const [k, jk] of Object.entries(J)) {
      expectClose(jk, stack(rows.map((r) => r[k]!)).reshape(jk.shape), 0, 0, `J.${k} vs stacked vjps`);
      expectClose(forward[k]!, jk, 1e-5, 1e-7, `jacfwd vs jacrev: ${k}`);
    }
  });
});
