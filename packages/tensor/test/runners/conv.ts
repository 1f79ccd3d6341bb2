// Runners for the conv fixtures (tools/golden/conv.py): params are F.conv2d's keyword arguments. Each output is a
// sum of C/groups*kH*kW products added in float64 blocks here and in float32 in another order by PyTorch, so
// outputs agree to about 1e-4 relative (1e-5 absolute near zero).
import { conv2d } from '../../src/ops/conv.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  conv2d: ([x, weight, bias], options) => conv2d(x!, weight!, bias ?? null, options),
};

export const tolerance: FamilyRunners['tolerance'] = { rtol: 1e-4, atol: 1e-5 };
