// Runners for the linalg fixtures (tools/golden/linalg.py). GEMM sums in float64 blocks and PyTorch in float32
// in another order, so outputs agree to about 1e-4 relative (1e-5 absolute near zero), not to the last bit.
import { linear, matmul } from '../../src/ops/linalg.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  matmul: ([a, b]) => matmul(a!, b!),
  linear: ([x, weight, bias]) => linear(x!, weight!, bias ?? null),
};

export const tolerance: FamilyRunners['tolerance'] = { rtol: 1e-4, atol: 1e-5 };
