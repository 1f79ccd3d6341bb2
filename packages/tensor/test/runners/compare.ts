// Runners for the isclose/allclose fixtures (tools/golden/compare.py).

import { allclose, isclose } from '../../src/ops/compare.js';
import { scalar } from '../../src/ops/creation.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  isclose: ([a, b], options) => isclose(a!, b!, options),
  allclose: ([a, b], options) => scalar(allclose(a!, b!, options)),
};
