// Runners for the dropout fixtures (tools/golden/dropout.py) whose result does not depend on the generator.
import { dropout } from '../../src/ops/random.js';
import type { FamilyRunners } from '../fixtures.js';

export const runners: FamilyRunners['runners'] = {
  dropout: ([x], { p, training }) => dropout(x!, p, { training }),
};
