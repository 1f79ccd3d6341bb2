// Runners for the reduction fixtures (tools/golden/reduce.py): params are the call's `dim` and options.
import {
  all,
  amax,
  amin,
  any,
  argmax,
  argmin,
  logsumexp,
  max,
  mean,
  min,
  prod,
  std,
  sum,
  variance,
} from '../../src/ops/reduce.js';
import type { FamilyRunners } from '../fixtures.js';

const minMax =
  (fn: typeof max): FamilyRunners['runners'][string] =>
  ([x], { dim, keepdim }) => {
    if (dim === null) return fn(x!);
    const { values, indices } = fn(x!, dim, { keepdim });
    return [values, indices];
  };

export const runners: FamilyRunners['runners'] = {
  sum: ([x], { dim, keepdim }) => sum(x!, dim, { keepdim }),
  prod: ([x], { dim, keepdim }) => prod(x!, dim, { keepdim }),
  mean: ([x], { dim, keepdim }) => mean(x!, dim, { keepdim }),
  amax: ([x], { dim, keepdim }) => amax(x!, dim, { keepdim }),
  amin: ([x], { dim, keepdim }) => amin(x!, dim, { keepdim }),
  logsumexp: ([x], { dim, keepdim }) => logsumexp(x!, dim ?? [], { keepdim }),
  all: ([x], { dim, keepdim }) => all(x!, dim, { keepdim }),
  any: ([x], { dim, keepdim }) => any(x!, dim, { keepdim }),
  var: ([x], { dim, correction, keepdim }) => variance(x!, dim, { correction, keepdim }),
  std: ([x], { dim, correction, keepdim }) => std(x!, dim, { correction, keepdim }),
  argmax: ([x], { dim, keepdim }) => argmax(x!, dim, { keepdim }),
  argmin: ([x], { dim, keepdim }) => argmin(x!, dim, { keepdim }),
  max: minMax(max),
  min: minMax(min),
};
