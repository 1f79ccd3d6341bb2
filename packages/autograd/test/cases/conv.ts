// Gradient-check cases of conv2d and its two gradients: grouped, strided, dilated, padded differently on each side,
// with a bias; further geometries (unbatched, no bias, depthwise, rows no window reads) in `convGeometries`.
import type { GradCase } from '../gradcheck.js';
import { floats } from '../values.js';

/** conv2d's params: stride, [[top, bottom], [left, right]] padding, dilation and groups. */
interface Geometry {
  x: number[];
  weight: number[];
  /** The output's shape for `x` and `weight` (the shape rules check it). */
  out: number[];
  stride: [number, number];
  padding: [[number, number], [number, number]];
  dilation: [number, number];
  groups: number;
  bias: boolean;
}

const paramsOf = ({ stride, padding, dilation, groups }: Geometry) => ({ stride, padding, dilation, groups });
const spatial = (shape: number[]) => shape.slice(-2);

/** conv2d and its two gradients on one geometry, each differentiated in all its float inputs. */
export function convCases(g: Geometry): Record<string, GradCase> {
  const params = paramsOf(g);
  return {
    conv2d: {
      params,
      inputs: (s) => [floats(g.x, s), floats(g.weight, s + 1), g.bias ? floats([g.weight[0]!], s + 2) : null],
      wrt: g.bias ? [0, 1, 2] : [0, 1],
    },
    conv2dBackwardInput: {
      params: { ...params, inputSize: spatial(g.x) },
      inputs: (s) => [floats(g.out, s), floats(g.weight, s + 1)],
      wrt: [0, 1],
    },
    conv2dBackwardWeight: {
      params: { ...params, kernelSize: spatial(g.weight) },
      inputs: (s) => [floats(g.out, s), floats(g.x, s + 1)],
      wrt: [0, 1],
    },
  };
}

export const cases = convCases({
  x: [2, 4, 6, 5],
  weight: [6, 2, 3, 3],
  out: [2, 6, 3, 4],
  stride: [2, 1],
  padding: [
    [1, 0],
    [2, 1],
  ],
  dilation: [1, 2],
  groups: 2,
  bias: true,
});

/** More geometries: unbatched without bias, depthwise at stride 2, and a stride leaving the last row unread. */
export const convGeometries: Geometry[] = [
  {
    x: [3, 5, 4],
    weight: [2, 3, 2, 2],
    out: [2, 4, 3],
    stride: [1, 1],
    padding: [
      [0, 0],
      [0, 0],
    ],
    dilation: [1, 1],
    groups: 1,
    bias: false,
  },
  {
    x: [2, 3, 7, 7],
    weight: [6, 1, 3, 3],
    out: [2, 6, 4, 4],
    stride: [2, 2],
    padding: [
      [1, 1],
      [1, 1],
    ],
    dilation: [1, 1],
    groups: 3,
    bias: true,
  },
  {
    x: [1, 2, 6, 6],
    weight: [3, 2, 3, 3],
    out: [1, 3, 2, 2],
    stride: [2, 2],
    padding: [
      [0, 0],
      [0, 0],
    ],
    dilation: [1, 1],
    groups: 1,
    bias: true,
  },
];
