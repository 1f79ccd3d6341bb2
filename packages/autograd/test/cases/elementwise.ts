// Gradient-check cases of the elementwise primitives: broadcasting pairs, unary ops on domains away from their
// kinks and poles, clamp away from its bounds.
import { type Tensor, tensor } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { awayFromZero, floats, positives } from '../values.js';

/** A binary op on [2, 3] and a broadcast [3] (or [2, 1] and [1, 3]). */
const binary = (a: (s: number) => Tensor, b: (s: number) => Tensor): GradCase => ({
  params: {},
  inputs: (s) => [a(s), b(s + 50)],
  wrt: [0, 1],
});

const unary = (x: (s: number) => Tensor, params: unknown = {}): GradCase => ({
  params,
  inputs: (s) => [x(s)],
  wrt: [0],
});

export const cases: Record<string, GradCase> = {
  add: binary(
    (s) => floats([2, 3], s),
    (s) => floats([3], s),
  ),
  sub: binary(
    (s) => floats([2, 1], s),
    (s) => floats([1, 3], s),
  ),
  mul: binary(
    (s) => floats([2, 3], s),
    (s) => floats([2, 1], s),
  ),
  div: binary(
    (s) => floats([2, 3], s),
    (s) => positives([3], s),
  ),
  pow: binary(
    (s) => positives([2, 3], s),
    (s) => floats([3], s),
  ),
  minimum: binary(
    (s) => floats([2, 3], s),
    (s) => floats([3], s),
  ),
  maximum: binary(
    (s) => floats([2, 3], s),
    (s) => floats([2, 3], s),
  ),
  where: {
    params: {},
    inputs: (s) => [tensor([true, false, true], { dtype: 'bool' }), floats([2, 3], s), floats([3], s + 9)],
    wrt: [1, 2],
  },
  neg: unary((s) => floats([2, 3], s)),
  abs: unary((s) => awayFromZero([2, 3], s)),
  exp: unary((s) => floats([2, 3], s)),
  log: unary((s) => positives([2, 3], s)),
  sqrt: unary((s) => positives([2, 3], s)),
  rsqrt: unary((s) => positives([2, 3], s)),
  sigmoid: unary((s) => floats([2, 3], s)),
  tanh: unary((s) => floats([2, 3], s)),
  relu: unary((s) => awayFromZero([2, 3], s)),
  silu: unary((s) => floats([2, 3], s)),
  erf: unary((s) => floats([2, 3], s)),
  gelu: unary((s) => floats([2, 3], s), { approximate: 'none' }),
  clamp: unary((s) => awayFromZero([3, 4], s), { min: -0.1, max: 0.1 }),
};
