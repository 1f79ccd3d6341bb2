// Runners for the softmax fixtures (tools/golden/softmax.py).
import { logSoftmax, softmax } from '../../src/ops/softmax.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  softmax: ([x], { dim }) => softmax(x!, dim),
  logSoftmax: ([x], { dim }) => logSoftmax(x!, dim),
};
