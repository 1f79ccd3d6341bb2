// Gradient-check cases of the view primitives, on inputs that are themselves strided where it matters.
import type { GradCase } from '../gradcheck.js';
import { floats } from '../values.js';

const view = (shape: number[], params: unknown): GradCase => ({
  params,
  inputs: (s) => [floats(shape, s)],
  wrt: [0],
});

export const cases: Record<string, GradCase> = {
  reshape: view([2, 3, 4], { shape: [6, 4], view: false }),
  permute: view([2, 3, 4], { dims: [2, 0, 1] }),
  expand: view([3, 1], { shape: [2, 3, 4] }),
  slice: view([3, 7], { dim: 1, start: 1, end: 7, step: 3 }),
  select: view([3, 4], { dim: 1, index: 2 }),
  squeeze: view([3, 1, 2], { dims: [1] }),
  unsqueeze: view([3, 2], { dim: 1 }),
  contiguous: view([3, 2], {}),
  clone: view([3, 2], {}),
};
