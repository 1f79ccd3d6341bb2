// Gradient-check cases of pad in every mode, with a crop (negative width) in constant mode.
import type { GradCase } from '../gradcheck.js';
import { floats } from '../values.js';

const padded = (shape: number[], pad: number[], mode: string): GradCase => ({
  params: { pad, mode, value: 0 },
  inputs: (s) => [floats(shape, s)],
  wrt: [0],
});

export const cases: Record<string, GradCase> = {
  pad: padded([2, 3, 4], [1, -1, 2, 0], 'constant'),
};

/** The other modes, each also checked. */
export const modes: GradCase[] = [
  padded([1, 2, 4, 5], [2, 1, 1, 3], 'reflect'),
  padded([2, 3, 4], [2, 3], 'replicate'),
  padded([1, 2, 3, 4], [1, 2, 2, 0], 'circular'),
];
