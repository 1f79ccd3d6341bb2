// Runners for the conv fixtures (tools/golden/conv.py): params are F.conv2d's keyword arguments, plus the input's
// [H, W] or the kernel's [kH, kW] for the gradients (whose padding may be [[top, bottom], [left, right]]). Each
// output is a sum of products added in float64 blocks or in float32 in another order here, and by PyTorch in float32
// (conv2d) or float64 (the gradients), so outputs agree to about 1e-4 relative (1e-5 absolute near zero).
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from '../../src/ops/conv.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  conv2d: ([x, weight, bias], options) => conv2d(x!, weight!, bias ?? null, options),
  conv2dBackwardInput: ([gradOutput, weight], { inputSize, ...options }) =>
    conv2dBackwardInput(gradOutput!, weight!, inputSize, options),
  conv2dBackwardWeight: ([gradOutput, input], { kernelSize, ...options }) =>
    conv2dBackwardWeight(gradOutput!, input!, kernelSize, options),
};

export const tolerance: FamilyRunners['tolerance'] = { rtol: 1e-4, atol: 1e-5 };
