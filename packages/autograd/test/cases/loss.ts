// Gradient-check cases of nllLoss: class weights, an ignored target, a spatial dim.
import { tensor } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { floats, positives } from '../values.js';

export const cases: Record<string, GradCase> = {
  nllLoss: {
    params: { ignoreIndex: 1 },
    inputs: (s) => [
      floats([3, 4, 2], s),
      tensor(
        [
          [0, 3],
          [1, 2],
          [3, 3],
        ],
        { dtype: 'int32' },
      ),
      positives([4], s + 3),
    ],
    wrt: [0],
  },
};
