// Gradient-check cases of the reductions: over one dim, several dims and all, kept or dropped; prod with a zero in
// a lane; values without ties for max and min. `reductionOps` draws each one's input, for the fixed cases here and
// the random shapes and dims of test/properties.test.ts.
import { tensor } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { awayFromZero, distinct, floats } from '../values.js';
import type { Draw } from './elementwise.js';

/** Each reduction's input (no ties for amax/amin, no zeros for prod) and params beside dims and keepdim. */
export const reductionOps: Record<string, { draw: Draw; params?: Record<string, unknown> }> = {
  sum: { draw: floats },
  mean: { draw: floats },
  var: { draw: floats, params: { correction: 1 } },
  prod: { draw: awayFromZero },
  amax: { draw: distinct },
  amin: { draw: distinct },
  logsumexp: { draw: floats },
};

/** Reduction `name` of an input of `shape` over `dims`. */
export function reductionCase(name: string, shape: number[], dims: number[], keepdim: boolean): GradCase {
  const { draw, params = {} } = reductionOps[name]!;
  return { params: { ...params, dims, keepdim }, inputs: (s) => [draw(shape, s)], wrt: [0] };
}

export const cases: Record<string, GradCase> = {
  sum: reductionCase('sum', [2, 3, 4], [0, 2], false),
  mean: reductionCase('mean', [2, 3, 4], [1], true),
  var: reductionCase('var', [3, 5], [1], false),
  prod: {
    params: { dims: [1], keepdim: false },
    // the first lane holds one zero, the second none
    inputs: (s) => [tensor([0.0, 1.5, -0.7 + s / 10, 0.8, 1.2, -1.1], [2, 3])],
    wrt: [0],
  },
  amax: reductionCase('amax', [3, 4], [1], false),
  amin: reductionCase('amin', [3, 4], [0, 1], true),
  logsumexp: reductionCase('logsumexp', [3, 4], [1], false),
};
