// Replays tools/golden/autograd.py: each primitive's input cotangents against torch.autograd.grad's (computed in
// float64, rounded to float32), on the cases finite differences cannot check (ties, max pooling's among them, kinks,
// zeros in products, repeated indices, every pad mode, ignored targets), on the normalisations, and on conv2d and its
// gradients (their cotangents are second order).
import { bind, getPrimitive, type Tensor } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, readJson } from '@bn/testing';
import { describe, it } from 'vitest';
import { vjp } from '../src/index.js';

interface GradFixture {
  name: string;
  prim: string;
  params: Record<string, unknown>;
  inputs: (EncodedTensor | null)[];
  wrt: number[];
  cotangents: EncodedTensor[];
  grads: EncodedTensor[];
}

const { cases } = readJson<{ cases: GradFixture[] }>(new URL('./fixtures/grads.json', import.meta.url));

describe('input cotangents against PyTorch', () => {
  for (const c of cases) {
    it(`${c.prim}: ${c.name}`, () => {
      const prim = getPrimitive(c.prim)!;
      const inputs = c.inputs.map((e) => e && decodeTensor(e));
      const f = (...xs: unknown[]) => {
        const all = [...inputs];
        c.wrt.forEach((i, j) => {
          all[i] = xs[j] as Tensor;
        });
        return bind(prim, all, c.params as never).filter((o) => o.dtype === 'float32');
      };
      const [, pullback] = vjp(
        f,
        c.wrt.map((i) => inputs[i]!),
      );
      const grads = pullback(c.cotangents.map(decodeTensor)) as Tensor[];
      grads.forEach((g, j) => {
        expectClose(g, decodeTensor(c.grads[j]!), 1e-4, 1e-5, `${c.name}: input ${c.wrt[j]}`);
      });
    });
  }
});
