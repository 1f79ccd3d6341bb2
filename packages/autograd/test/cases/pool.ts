// Gradient-check cases of pooling: overlapping and padded windows with ceil mode, the average without the padding in
// its divisor, adaptive windows that do not divide the input, and the backwards (linear in gradOutput).
// Max pooling reads values 0.1 apart, so no finite difference crosses a tie.
import type { GradCase } from '../gradcheck.js';
import { distinct, floats } from '../values.js';

const maxWindows = { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], ceilMode: true };

const average = {
  kernelSize: [3, 2],
  stride: [2, 1],
  padding: [1, 1],
  ceilMode: true,
  countIncludePad: false,
  divisorOverride: null,
};

export const cases: Record<string, GradCase> = {
  maxPool2d: {
    params: maxWindows,
    inputs: (s) => [distinct([2, 3, 7, 6], s)],
    wrt: [0],
  },
  // max pooling's backward and double backward, linear in their first input; x places the maxima
  maxPool2dBackward: {
    params: maxWindows,
    inputs: (s) => [floats([2, 3, 4, 4], s), distinct([2, 3, 7, 6], s + 1)],
    wrt: [0],
  },
  maxPool2dDoubleBackward: {
    params: maxWindows,
    inputs: (s) => [floats([2, 3, 7, 6], s), distinct([2, 3, 7, 6], s + 1)],
    wrt: [0],
  },
  avgPool2d: { params: average, inputs: (s) => [floats([2, 2, 5, 6], s)], wrt: [0] },
  // the output of avgPool2d on [5, 6] with these params is [3, 7]
  avgPool2dBackward: {
    params: average,
    inputs: (s) => [floats([2, 2, 3, 7], s), floats([2, 2, 5, 6], s + 1)],
    wrt: [0],
  },
  adaptiveAvgPool2d: { params: { outputSize: [3, 2] }, inputs: (s) => [floats([2, 3, 7, 5], s)], wrt: [0] },
  adaptiveAvgPool2dBackward: {
    params: { outputSize: [3, 2] },
    inputs: (s) => [floats([2, 3, 3, 2], s), floats([2, 3, 7, 5], s + 1)],
    wrt: [0],
  },
};
