// Gradient-check cases of the elementwise primitives: how each op's inputs are drawn (away from kinks and poles,
// clamp away from its bounds), used by the fixed cases here and by the random shapes of test/properties.test.ts.
import { type Shape, type Tensor, tensor } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { awayFromZero, distinct, floats, positives } from '../values.js';

/** Values of a shape from a seed. */
export type Draw = (shape: Shape, seed: number) => Tensor;

/** Values on the grid of `distinct` moved by half its step: 0.05 from any value `distinct` draws (no ties). */
const betweenDistinct: Draw = (shape, seed) => distinct(shape, seed).add(0.05);

/** Each binary op's two inputs (minimum and maximum's never within 0.05 of each other). */
export const binaryOps: Record<string, [Draw, Draw]> = {
  add: [floats, floats],
  sub: [floats, floats],
  mul: [floats, floats],
  div: [floats, positives],
  pow: [positives, floats],
  minimum: [distinct, betweenDistinct],
  maximum: [distinct, betweenDistinct],
};

/** Each unary op's input and params. */
export const unaryOps: Record<string, { draw: Draw; params?: unknown }> = {
  neg: { draw: floats },
  abs: { draw: awayFromZero },
  exp: { draw: floats },
  log: { draw: positives },
  sqrt: { draw: positives },
  rsqrt: { draw: positives },
  sigmoid: { draw: floats },
  tanh: { draw: floats },
  relu: { draw: awayFromZero },
  silu: { draw: floats },
  erf: { draw: floats },
  gelu: { draw: floats, params: { approximate: 'none' } },
  // values 0.1 apart from -0.6 on (0.05 from either bound): some inside, some clamped
  clamp: { draw: distinct, params: { min: -0.35, max: 0.25 } },
};

/** Binary op `name` on inputs of shapes `a` and `b`. */
export function binaryCase(name: string, a: Shape, b: Shape): GradCase {
  const [drawA, drawB] = binaryOps[name]!;
  // a step that moves no pair of minimum's or maximum's inputs across each other
  return { params: {}, inputs: (s) => [drawA(a, s), drawB(b, s + 50)], wrt: [0, 1], eps: 5e-3 };
}

/** Unary op `name` on an input of `shape`. */
export function unaryCase(name: string, shape: Shape): GradCase {
  const { draw, params = {} } = unaryOps[name]!;
  return { params, inputs: (s) => [draw(shape, s)], wrt: [0] };
}

/** Fixed shapes: a row broadcast against a matrix, a column against a row. */
const pairs: [Shape, Shape][] = [
  [[2, 3], [3]],
  [
    [2, 1],
    [1, 3],
  ],
];

export const cases: Record<string, GradCase> = {
  ...Object.fromEntries(Object.keys(binaryOps).map((name, i) => [name, binaryCase(name, ...pairs[i % 2]!)])),
  where: {
    params: {},
    inputs: (s) => [tensor([true, false, true], { dtype: 'bool' }), floats([2, 3], s), floats([3], s + 9)],
    wrt: [1, 2],
  },
  ...Object.fromEntries(Object.keys(unaryOps).map((name) => [name, unaryCase(name, [3, 4])])),
  // the mask (x, away from the threshold) gets a zero gradient
  thresholdBackward: {
    params: { threshold: 0.3 },
    inputs: (s) => [floats([2, 3], s), betweenDistinct([3], s + 50)],
    wrt: [0, 1],
  },
};
