// Story 2: DP-SGD (Opacus's recipe) on MNIST. BatchNorm is swapped for GroupNorm (what Opacus's ModuleValidator.fix
// does: a BatchNorm mixes the digits of a batch, so per-digit gradients would not be per digit), then the same
// network is trained without and with privacy: per-sample gradients by vmap(grad), clipped, summed, noised, averaged,
// one SGD step. No privacy accounting (epsilon) is computed.
import { gradAndValue } from '@bn/autograd';
import type { Module } from '@bn/nn';
import { SGD } from '@bn/optim';
import { replaceBatchNormWithGroupNorm_ } from '@bn/patch';
import { Generator, type Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { formatSeconds } from '../../story/format.js';
import { trainLoop } from '../loop.js';
import { batchLoss, heldOutAccuracy, type Params, paramsOf, sampleLoss } from '../loss.js';
import { type PrivacySettings, privateGradient } from '../private-grad.js';
import { addCurve, checkThat, percent, timed } from '../report.js';
import { simpleCnn } from '../simple-cnn.js';
import type { TrainStory } from '../types.js';

export const PRIVACY: PrivacySettings = { maxGradNorm: 1, noiseMultiplier: 1 };
const LR = 0.05;

export const dpSgd: TrainStory = {
  id: 'dp-sgd',
  title: 'DP-SGD: per-sample gradients clipped and noised, against plain SGD',
  code: 'privateGradient(vmap(grad(loss), { inDims: [null, 0, 0] })(params, images, labels), { maxGradNorm, noiseMultiplier })',
  run(ctx, report) {
    const { config, data } = ctx;
    const { maxGradNorm: C, noiseMultiplier: sigma } = PRIVACY;
    report.facts.push(
      `SimpleCNN, BatchNorm replaced by GroupNorm (replaceBatchNormWithGroupNorm_); SGD lr ${LR}, batch ${config.batch}, ` +
        `${config.epochs} epoch(s) over ${data.train.labels.shape[0]} digits; private: C = ${C}, sigma = ${sigma} ` +
        '(noise std sigma * C on the summed clipped gradients); no privacy accounting (epsilon is not computed)',
    );
    const loop = { batch: config.batch, epochs: config.epochs };
    const noise = new Generator(config.seed + 1);
    type Gradient = (model: Module, p: Params, x: Tensor, y: Tensor) => [Params, Tensor];
    const runs: { label: string; gradient: Gradient }[] = [
      {
        label: 'non-private',
        gradient: (model, p, x, y) => gradAndValue(batchLoss(model))(p, x, y) as [Params, Tensor],
      },
      {
        label: 'private',
        gradient: (model, p, x, y) => {
          const [perSample, losses] = vmap(gradAndValue(sampleLoss(model)), { inDims: [null, 0, 0] })(
            p,
            x,
            y,
          ) as [Params, Tensor];
          return [privateGradient(perSample, PRIVACY, noise).gradient, losses.mean()];
        },
      },
    ];
    for (const { label, gradient } of runs) {
      const { root: model } = replaceBatchNormWithGroupNorm_(simpleCnn(config.seed));
      const params = paramsOf(model);
      const optimizer = new SGD(params, { lr: LR });
      const curve = addCurve(report, label);
      ctx.phase(`${label}: training`);
      const [steps, ms] = timed(() =>
        trainLoop(ctx, [curve], data.train, loop, (x, y) => {
          const [grads, loss] = gradient(model, params, x, y);
          optimizer.step(grads);
          return [loss.item()];
        }),
      );
      const acc = heldOutAccuracy(model, data.test);
      report.facts.push(
        `${label}: ${steps} steps in ${formatSeconds(ms)}, held-out accuracy ${percent(acc)}`,
      );
      Object.assign(report.metrics, { [`${label}.accuracy`]: acc, [`${label}.ms`]: ms });
      checkThat(report, `${label}: held-out accuracy above chance (10%)`, acc > 0.1);
    }
  },
};
