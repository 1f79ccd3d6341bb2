// Backward rules of @bn/tensor's `ops/conv.ts` primitives (ATen's convolution_backward and its double backward):
// conv2d's input and weight cotangents are its two gradient primitives and the bias's is g summed over all but the
// channel dim. Each gradient is bilinear, and the adjoint identity <c, dX(g, w)> = <conv2d(c, w), g> =
// <dW(g, c), w> (and its twin for dW) gives their cotangents as conv2d and the other gradient, with the same params.
import { type Conv2dParams, sum, type Tensor } from '@bn/tensor';
import { callPrimitive } from '../helpers.js';
import type { FamilyVjps } from '../rule.js';

/** The spatial [height, width] of an image or batch of images. */
const spatial = (t: Tensor): [number, number] => [t.shape[t.ndim - 2]!, t.shape[t.ndim - 1]!];

export const convVjps: FamilyVjps<'conv'> = {
  conv2d: {
    saves: { inputs: [0, 1] },
    vjp: ([g], { params, savedInputs: [x, weight], needs }) => [
      needs[0]
        ? callPrimitive('conv2dBackwardInput', [g!, weight!], { ...params, inputSize: spatial(x!) })
        : null,
      needs[1]
        ? callPrimitive('conv2dBackwardWeight', [g!, x!], { ...params, kernelSize: spatial(weight!) })
        : null,
      // every dim but the channels: [N, O, oH, oW] or unbatched [O, oH, oW]
      needs[2] ? sum(g!, g!.ndim === 4 ? [0, 2, 3] : [1, 2]) : null,
    ],
  },
  conv2dBackwardInput: {
    saves: { inputs: [0, 1] },
    vjp: ([c], { params: { inputSize: _, ...conv }, savedInputs: [gradOutput, weight], needs }) => [
      needs[0] ? callPrimitive('conv2d', [c!, weight!, null], conv satisfies Conv2dParams) : null,
      needs[1]
        ? callPrimitive('conv2dBackwardWeight', [gradOutput!, c!], { ...conv, kernelSize: spatial(weight!) })
        : null,
    ],
  },
  conv2dBackwardWeight: {
    saves: { inputs: [0, 1] },
    vjp: ([c], { params: { kernelSize: _, ...conv }, savedInputs: [gradOutput, x], needs }) => [
      needs[0] ? callPrimitive('conv2d', [x!, c!, null], conv satisfies Conv2dParams) : null,
      needs[1]
        ? callPrimitive('conv2dBackwardInput', [gradOutput!, c!], { ...conv, inputSize: spatial(x!) })
        : null,
    ],
  },
};
