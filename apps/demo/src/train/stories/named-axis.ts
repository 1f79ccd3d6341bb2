// Story 3: BatchNorm over a named vmap axis, trained. The SimpleCNN with BatchNorm2d(c, { axisName: 'batch' }) gets
// per-sample gradients from vmap(grad(loss), { axisName }) while its running stats update; averaged, they train it
// as the plain BatchNorm network trained on whole batches from the same seed: at every step the same loss, the same
// running stats and the same updated weights; and an eval-mode accuracy that uses the kept running stats.
import { gradAndValue } from '@bn/autograd';
import { BatchNorm2d, type Module } from '@bn/nn';
import { SGD } from '@bn/optim';
import type { Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { maxAbsDiff } from '../../story/compare.js';
import { formatDiff, formatSeconds } from '../../story/format.js';
import { trainLoop } from '../loop.js';
import { batchLoss, heldOutAccuracy, type Params, paramsOf, sampleLoss } from '../loss.js';
import { addCurve, checkClose, checkThat, percent, timed } from '../report.js';
import { simpleCnn } from '../simple-cnn.js';
import type { TrainStory } from '../types.js';

const AXIS = 'batch';
const LR = 0.05;
/** Float32 reductions in another order (pmean of per-digit statistics against one batch statistic), compounded by
 * training: the largest loss and running-stat difference allowed. */
export const NAMED_AXIS_TOLERANCE = 1e-4;

/** The BatchNorms' running means and variances by state-dict key (not the int32 batch counters). */
function runningStats(model: Module): Params {
  return Object.fromEntries(model.namedBuffers().filter(([, b]) => b.dtype === 'float32'));
}

export const namedAxis: TrainStory = {
  id: 'named-axis',
  title:
    'BatchNorm over a named vmap axis: per-sample gradients train it as whole batches train plain BatchNorm',
  code: `vmap(gradAndValue(loss), { inDims: [null, 0, 0], axisName: '${AXIS}' })(params, images, labels)`,
  run(ctx, report) {
    const { config, data } = ctx;
    const named = simpleCnn(config.seed, (c) => new BatchNorm2d(c, { axisName: AXIS }));
    const plain = simpleCnn(config.seed);
    const [namedParams, plainParams] = [paramsOf(named), paramsOf(plain)];
    const [namedOpt, plainOpt] = [new SGD(namedParams, { lr: LR }), new SGD(plainParams, { lr: LR })];
    const curves = [
      addCurve(report, `per-sample, axisName '${AXIS}'`),
      addCurve(report, 'whole batch, plain BatchNorm'),
    ];
    const perSample = vmap(gradAndValue(sampleLoss(named)), { inDims: [null, 0, 0], axisName: AXIS });
    const times = [0, 0];
    let [statsDiff, paramsDiff] = [0, 0];
    ctx.phase('training both networks on the same batches');
    const steps = trainLoop(
      ctx,
      curves,
      data.train,
      { batch: config.batch, epochs: config.epochs },
      (x, y) => {
        // each step starts both from the named-axis network's weights and running stats
        plain.loadStateDict(named.stateDict());
        const [[grads, losses], namedMs] = timed(() => perSample(namedParams, x, y) as [Params, Tensor]);
        namedOpt.step(Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, g.mean(0)])));
        const [[plainGrads, loss], plainMs] = timed(
          () => gradAndValue(batchLoss(plain))(plainParams, x, y) as [Params, Tensor],
        );
        plainOpt.step(plainGrads);
        times[0]! += namedMs;
        times[1]! += plainMs;
        const [namedStats, plainStats] = [runningStats(named), runningStats(plain)];
        statsDiff = Math.max(
          statsDiff,
          maxAbsDiff(Object.keys(namedStats).map((k) => [namedStats[k]!, plainStats[k]!] as const)),
        );
        paramsDiff = Math.max(
          paramsDiff,
          maxAbsDiff(Object.keys(namedParams).map((k) => [namedParams[k]!, plainParams[k]!] as const)),
        );
        return [losses.mean().item(), loss.item()];
      },
    );
    const lossDiff = Math.max(...curves[0]!.losses.map((l, i) => Math.abs(l - curves[1]!.losses[i]!)));
    const [namedAcc, plainAcc] = [heldOutAccuracy(named, data.test), heldOutAccuracy(plain, data.test)];
    report.facts.push(
      `${steps} steps of ${config.batch} digits, SGD lr ${LR}; gradients: per-sample ${formatSeconds(times[0]!)}, whole batch ${formatSeconds(times[1]!)}`,
      'each step starts the plain network from the named-axis one (weights and running stats): float32 rounding ' +
        'differences, left to compound over many steps of training, would move two independent runs apart',
      `largest |difference| over the steps: loss ${formatDiff(lossDiff)}; running stats ${formatDiff(statsDiff)}; parameters after the step ${formatDiff(paramsDiff)}`,
      `held-out accuracy in eval mode (running stats): named axis ${percent(namedAcc)}, plain ${percent(plainAcc)}`,
    );
    Object.assign(report.metrics, {
      lossDiff,
      statsDiff,
      paramsDiff,
      namedAccuracy: namedAcc,
      plainAccuracy: plainAcc,
    });
    checkClose(report, 'at every step, the loss equals the whole-batch loss', lossDiff, NAMED_AXIS_TOLERANCE);
    checkClose(
      report,
      'at every step, the running stats equal the whole-batch ones',
      statsDiff,
      NAMED_AXIS_TOLERANCE,
    );
    checkClose(
      report,
      'at every step, the updated weights equal the whole-batch ones',
      paramsDiff,
      NAMED_AXIS_TOLERANCE,
    );
    const moved = runningStats(named)['bn1.running_mean']!.abs().amax().item();
    checkThat(report, 'the running stats moved under vmap', moved > 0);
  },
};
