// Gradient-check cases of cat, flip, gather and indexSelect (indices repeated, so the transposes must add up).
import { tensor } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { floats } from '../values.js';

export const cases: Record<string, GradCase> = {
  cat: {
    params: { dim: 1, dtype: 'float32' },
    inputs: (s) => [floats([2, 3], s), floats([2, 1], s + 5)],
    wrt: [0, 1],
  },
  flip: { params: { dims: [0, 2] }, inputs: (s) => [floats([2, 3, 2], s)], wrt: [0] },
  gather: {
    params: { dim: 1 },
    inputs: (s) => [
      floats([3, 4], s),
      tensor(
        [
          [0, 3, 3],
          [1, 1, 0],
        ],
        { dtype: 'int32' },
      ),
    ],
    wrt: [0],
  },
  indexSelect: {
    params: { dim: 0 },
    inputs: (s) => [floats([4, 3], s), tensor([2, 0, 2, 3], { dtype: 'int32' })],
    wrt: [0],
  },
};
