// The property every backward rule must satisfy (PyTorch's gradcheck): for random cotangents u and directions v,
// <vjp(u), v> equals the central finite difference of <u, f(x)> along v; and vjp is linear in u (zero in, zero out).
import { bind, getPrimitive, mul, sum, type Tensor } from '@bn/tensor';
import { expect } from 'vitest';
import { vjp } from '../src/index.js';
import { floats } from './values.js';

/** One primitive call to check: its params, its inputs by seed, and the inputs to differentiate. */
export interface GradCase {
  params: unknown;
  /** The inputs, fresh on each call; `seed` changes the values only. */
  inputs: (seed: number) => (Tensor | null)[];
  /** Indices of the float inputs to differentiate. */
  wrt: readonly number[];
  /** Step of the finite difference (values should stay this far from kinks and ties). */
  eps?: number;
  rtol?: number;
  atol?: number;
  /** Wraps the call (an in-place primitive writes a fresh copy of its target). */
  call?: (run: (inputs: (Tensor | null)[]) => Tensor[], inputs: (Tensor | null)[]) => Tensor[];
}

/** <u, outputs>: the scalar whose gradient the check compares. */
function pairing(us: readonly Tensor[], outs: readonly Tensor[]): number {
  return us.reduce((acc, u, k) => acc + sum(mul(u, outs[k]!)).item(), 0);
}

/** The outputs of `name` on `inputs` under `c` (its float ones; the case's wrapper applied). */
export function caller(name: string, c: GradCase): (inputs: (Tensor | null)[]) => Tensor[] {
  const prim = getPrimitive(name);
  if (!prim) throw new Error(`no primitive ${name}`);
  const run = (inputs: (Tensor | null)[]) =>
    bind(prim, inputs, c.params as never).filter((o) => o.dtype === 'float32');
  return (inputs) => (c.call ? c.call(run, inputs) : run(inputs));
}

/** Checks `name`'s rule on `c` for a few seeds. */
export function gradcheck(name: string, c: GradCase, seeds = [1, 2, 3]): void {
  for (const seed of seeds) checkAt(name, caller(name, c), c.inputs(seed), c, seed);
}

/**
 * Checks the vjp of `call` (differentiating `inputs[i]` for `i` in `c.wrt`) against finite differences at `inputs`,
 * and its linearity in the cotangent.
 */
export function checkAt(
  label: string,
  call: (inputs: (Tensor | null)[]) => Tensor[],
  inputs: (Tensor | null)[],
  c: Pick<GradCase, 'wrt' | 'eps' | 'rtol' | 'atol'>,
  seed: number,
): void {
  const { eps = 1e-2, rtol = 2e-2, atol = 2e-3 } = c;
  const f = (...xs: unknown[]) => call(substituted(inputs, c.wrt, xs as Tensor[]));
  const [out, pullback] = vjp(
    f,
    c.wrt.map((i) => inputs[i]!),
  );
  const outs = out as Tensor[];
  const us = outs.map((o, k) => floats(o.shape, 1000 * seed + k));
  const grads = pullback(us) as Tensor[];
  const vs = c.wrt.map((i, j) => floats(inputs[i]!.shape, 2000 * seed + j));
  const shifted = (sign: number) =>
    pairing(
      us,
      call(
        substituted(
          inputs,
          c.wrt,
          c.wrt.map((i, j) => inputs[i]!.add(mul(vs[j]!, sign * eps))),
        ),
      ),
    );
  const numeric = (shifted(1) - shifted(-1)) / (2 * eps);
  const analytic = grads.reduce((acc, gr, j) => acc + sum(mul(gr, vs[j]!)).item(), 0);
  expect(
    Math.abs(analytic - numeric),
    `${label} seed ${seed}: vjp ${analytic} vs finite difference ${numeric}`,
  ).toBeLessThanOrEqual(atol + rtol * Math.abs(numeric));
  // linear in the cotangent: vjp(2u) = 2 vjp(u), and zero gives zero
  const doubled = pullback(us.map((u) => mul(u, 2))) as Tensor[];
  doubled.forEach((gr, j) => {
    const want = Array.from(mul(grads[j]!, 2).toTypedArray());
    Array.from(gr.toTypedArray()).forEach((v, k) => {
      expect(Math.abs(v - want[k]!), `${label}: linear in the cotangent`).toBeLessThanOrEqual(
        1e-5 + 1e-5 * Math.abs(want[k]!),
      );
    });
  });
  for (const gr of pullback(us.map((u) => mul(u, 0))) as Tensor[]) {
    expect(
      Array.from(gr.toTypedArray()).every((v) => v === 0),
      `${label}: zero cotangent`,
    ).toBe(true);
  }
}

/** `inputs` with `values` at the positions `wrt`. */
export function substituted(
  inputs: readonly (Tensor | null)[],
  wrt: readonly number[],
  values: readonly Tensor[],
) {
  const out = [...inputs];
  wrt.forEach((i, j) => {
    out[i] = values[j]!;
  });
  return out;
}
