// Gradient-check case of dropout: each evaluation draws from a generator seeded the same way, so all keep one mask.
import { dropout, Generator } from '@bn/tensor';
import type { GradCase } from '../gradcheck.js';
import { floats } from '../values.js';

export const cases: Record<string, GradCase> = {
  dropout: {
    params: {},
    inputs: (s) => [floats([3, 5], s)],
    wrt: [0],
    call: (_, [x]) => [dropout(x!, 0.4, { generator: new Generator(7) })],
  },
};
