// Runners for the norm fixtures (tools/golden/norm.py). Training cases of batchNorm and instanceNorm return the
// output and then the running stats given, read after the call (they are updated in place); batchNormBackward and
// groupNormBackward (no public functions: primitives for transforms) return their three gradients.
import { bind } from '../../src/interpreter.js';
import { batchNorm, groupNorm, instanceNorm, layerNorm, normPrimitives } from '../../src/ops/norm.js';
import type { Tensor } from '../../src/tensor.js';
import type { FamilyRunners } from '../fixtures.js';

/** The output, followed by the running stats that were given when the op updates them. */
function withRunning(out: Tensor, updates: boolean, ...running: (Tensor | null)[]): Tensor | Tensor[] {
  return updates ? [out, ...running.filter((t): t is Tensor => t !== null)] : out;
}

export const runners: FamilyRunners['runners'] = {
  batchNorm: ([x, runningMean, runningVar, weight, bias, numBatchesTracked], { training, momentum, eps }) =>
    withRunning(
      batchNorm(x!, runningMean!, runningVar!, { weight, bias, training, momentum, eps, numBatchesTracked }),
      training,
      runningMean!,
      runningVar!,
    ),
  batchNormBackward: (inputs, { training, eps }) =>
    bind(normPrimitives.batchNormBackward, inputs, { training, eps }),
  groupNormBackward: (inputs, { numGroups, eps }) =>
    bind(normPrimitives.groupNormBackward, inputs, { numGroups, eps }),
  groupNorm: ([x, weight, bias], { numGroups, eps }) => groupNorm(x!, numGroups, { weight, bias, eps }),
  layerNorm: ([x, weight, bias], { normalizedShape, eps }) =>
    layerNorm(x!, normalizedShape, { weight, bias, eps }),
  instanceNorm: ([x, runningMean, runningVar, weight, bias], { useInputStats, momentum, eps }) =>
    withRunning(
      instanceNorm(x!, { runningMean, runningVar, weight, bias, useInputStats, momentum, eps }),
      useInputStats,
      runningMean!,
      runningVar!,
    ),
};
