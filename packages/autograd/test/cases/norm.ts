// Gradient-check cases of the normalisations: batchNorm with batch statistics (training) and with running ones
// (evaluation), its backward with each, groupNorm and its backward, layerNorm with weight and bias.
import { ones, zeros } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { floats, positives } from '../values.js';

/** batchNorm's inputs: x [4, 3, 2], weight, bias, running mean and var, and no count. */
const batchNormInputs = (s: number) => [
  floats([4, 3, 2], s),
  positives([3], s + 1),
  floats([3], s + 2),
  zeros([3]),
  ones([3]),
  null,
];

export const cases: Record<string, GradCase> = {
  batchNorm: {
    params: { training: true, momentum: 0.1, eps: 1e-5 },
    inputs: batchNormInputs,
    wrt: [0, 1, 2],
    rtol: 5e-2,
  },
  groupNorm: {
    params: { numGroups: 2, eps: 1e-5 },
    inputs: (s) => [floats([2, 4, 3], s), positives([4], s + 1), floats([4], s + 2)],
    wrt: [0, 1, 2],
    rtol: 5e-2,
  },
  // batchNorm's second order: its gradients differentiated in g, x and the weight
  batchNormBackward: {
    params: { training: true, eps: 1e-5 },
    inputs: (s) => [floats([4, 3, 2], s), floats([4, 3, 2], s + 1), positives([3], s + 2), null, null],
    wrt: [0, 1, 2],
    rtol: 5e-2,
  },
  // groupNorm's second order
  groupNormBackward: {
    params: { numGroups: 2, eps: 1e-5 },
    inputs: (s) => [floats([2, 4, 3], s), floats([2, 4, 3], s + 1), positives([4], s + 2)],
    wrt: [0, 1, 2],
    rtol: 5e-2,
  },
  layerNorm: {
    params: { normalizedShape: [3, 2], eps: 1e-5 },
    inputs: (s) => [floats([2, 3, 2], s), positives([3, 2], s + 1), floats([3, 2], s + 2)],
    wrt: [0, 1, 2],
    rtol: 5e-2,
  },
};

/** batchNorm with batch statistics and no running stats (valid under vmap with a batched input). */
export const batchNormWithoutStats: GradCase = {
  params: { training: true, momentum: 0.1, eps: 1e-5 },
  inputs: (s) => [floats([4, 3, 2], s), positives([3], s + 1), floats([3], s + 2), null, null, null],
  wrt: [0, 1, 2],
  rtol: 5e-2,
};

/** batchNorm in evaluation: normalised by the running stats. */
export const batchNormEval: GradCase = {
  params: { training: false, momentum: 0.1, eps: 1e-5 },
  inputs: (s) => [
    floats([4, 3, 2], s),
    positives([3], s + 1),
    floats([3], s + 2),
    floats([3], s + 3),
    positives([3], s + 4),
    null,
  ],
  wrt: [0, 1, 2],
};

/** batchNorm's backward with running statistics, differentiated in them too (a named-axis BatchNorm computes them). */
export const batchNormBackwardEval: GradCase = {
  params: { training: false, eps: 1e-5 },
  inputs: (s) => [
    floats([4, 3, 2], s),
    floats([4, 3, 2], s + 1),
    positives([3], s + 2),
    floats([3], s + 3),
    positives([3], s + 4),
  ],
  wrt: [0, 1, 2, 3, 4],
  rtol: 5e-2,
};
