// Runners for the loss fixtures (tools/golden/loss.py): inputs are [input, target, weight or null].
import { crossEntropy, nllLoss } from '../../src/ops/loss.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  crossEntropy: ([input, target, weight], { ignoreIndex, reduction, labelSmoothing }) =>
    crossEntropy(input!, target!, { weight, ignoreIndex, reduction, labelSmoothing }),
  nllLoss: ([input, target, weight], { ignoreIndex, reduction }) =>
    nllLoss(input!, target!, { weight, ignoreIndex, reduction }),
};
