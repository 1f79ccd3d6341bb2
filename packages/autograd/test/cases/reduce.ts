// Gradient-check cases of the reductions: over one dim, several dims and all, kept or dropped; prod with a zero in
// a lane; values without ties for max and min.
import { tensor } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { floats, positives } from '../values.js';

const reduce = (shape: number[], params: unknown, make = floats): GradCase => ({
  params,
  inputs: (s) => [make(shape, s)],
  wrt: [0],
});

export const cases: Record<string, GradCase> = {
  sum: reduce([2, 3, 4], { dims: [0, 2], keepdim: false }),
  mean: reduce([2, 3, 4], { dims: [1], keepdim: true }),
  var: reduce([3, 5], { dims: [1], keepdim: false, correction: 1 }),
  prod: {
    params: { dims: [1], keepdim: false },
    // the first lane holds one zero, the second none
    inputs: (s) => [tensor([0.0, 1.5, -0.7 + s / 10, 0.8, 1.2, -1.1], [2, 3])],
    wrt: [0],
  },
  amax: reduce([3, 4], { dims: [1], keepdim: false }),
  amin: reduce([3, 4], { dims: [0, 1], keepdim: true }),
  logsumexp: reduce([3, 4], { dims: [1], keepdim: false }, positives),
};
