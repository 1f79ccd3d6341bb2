// Gradient-check cases of softmax and logSoftmax along a middle dim.
import type { GradCase } from '../gradcheck.js';
import { floats } from '../values.js';

export const cases: Record<string, GradCase> = {
  softmax: { params: { dim: 1 }, inputs: (s) => [floats([2, 4, 3], s)], wrt: [0] },
  logSoftmax: { params: { dim: 1 }, inputs: (s) => [floats([2, 4, 3], s)], wrt: [0] },
};
