// Story 1: per-sample gradients on MNIST (PyTorch's per-sample-gradients tutorial, its SimpleCNN with a BatchNorm2d
// after each convolution). vmap(grad(loss)) fails as in functorch, then runs under each of the four fixes, equal to
// a loop of grad over single digits and timed against it.
import { BatchNorm2d, GroupNorm, type Module } from '@bn/nn';
import { evalMode, normLayers, replaceAllBatchNormModules_ } from '@bn/patch';
import { maxAbsDiff, TOLERANCE } from '../../story/compare.js';
import { errorMessage } from '../../story/error-message.js';
import { formatDiff, formatSeconds } from '../../story/format.js';
import { head } from '../data/mnist.js';
import { paramsOf } from '../loss.js';
import { loopGrads, vmapGrads } from '../per-sample-grads.js';
import { checkClose, checkThat, timed } from '../report.js';
import { simpleCnn } from '../simple-cnn.js';
import type { TrainStory } from '../types.js';

/** A fix: how the network is built, and what the gradients are computed within (eval mode for option 4). */
interface Fix {
  id: string;
  label: string;
  code: string;
  build(seed: number): Module;
  within?: <R>(model: Module, fn: () => R) => R;
}

const FIXES: Fix[] = [
  {
    id: 'groupnorm',
    label: 'option 1: GroupNorm',
    code: 'new SimpleCNN((c) => new GroupNorm(32, c))',
    build: (seed) => simpleCnn(seed, (c) => new GroupNorm(32, c)),
  },
  {
    id: 'no-stats',
    label: 'option 1: BatchNorm without running stats',
    code: 'new SimpleCNN((c) => new BatchNorm2d(c, { trackRunningStats: false }))',
    build: (seed) => simpleCnn(seed, (c) => new BatchNorm2d(c, { trackRunningStats: false })),
  },
  {
    id: 'norm-layer',
    label: 'option 2: a normLayer factory',
    code: 'new SimpleCNN(normLayers.batchNormNoStats())',
    build: (seed) => simpleCnn(seed, normLayers.batchNormNoStats()),
  },
  {
    id: 'replace-all',
    label: 'option 3: replaceAllBatchNormModules_',
    code: 'replaceAllBatchNormModules_(new SimpleCNN())',
    build: (seed) => replaceAllBatchNormModules_(simpleCnn(seed)),
  },
  {
    id: 'eval-mode',
    label: 'option 4: eval mode',
    code: 'evalMode(net, () => vmap(grad(loss), ...)(...))',
    build: (seed) => simpleCnn(seed),
    within: (model, fn) => evalMode(model, fn),
  },
];

/** vmap's gradients may differ from the loop's only by summation order (float32). */
export const PER_SAMPLE_TOLERANCE = TOLERANCE.atol;

export const perSample: TrainStory = {
  id: 'per-sample',
  title: 'Per-sample gradients on MNIST: vmap(grad(loss)) through BatchNorm fails, then each fix runs',
  code: 'vmap(grad(loss), { inDims: [null, 0, 0] })(params, images, labels)',
  run({ config, data, phase }, report) {
    const { images, labels } = head(data.train, config.samples);
    const n = images.shape[0]!;
    report.facts.push(
      `${n} training digits; SimpleCNN with a BatchNorm2d after each convolution, in training mode`,
    );

    phase('the failure: BatchNorm2d tracking running stats');
    const net = simpleCnn(config.seed);
    let error: string | undefined;
    try {
      vmapGrads(net, paramsOf(net), images, labels);
    } catch (e) {
      error = errorMessage(e);
    }
    report.facts.push(`plain BatchNorm2d: vmap threw, as in functorch:`, ...(error ?? 'nothing').split('\n'));
    checkThat(
      report,
      "vmap refuses BatchNorm's running-stat update with functorch's message",
      error?.startsWith('Batch norm got a batched tensor as input while the running_mean or running_var') ===
        true,
    );

    for (const fix of FIXES) {
      phase(`${fix.label}: vmap, then the loop of grad over ${n} digits`);
      const model = fix.build(config.seed);
      const params = paramsOf(model);
      const within = fix.within ?? ((_, fn) => fn());
      const [mapped, vmapMs] = within(model, () => timed(() => vmapGrads(model, params, images, labels)));
      const [looped, loopMs] = within(model, () => timed(() => loopGrads(model, params, images, labels)));
      const maxDiff = maxAbsDiff(Object.keys(params).map((k) => [mapped[k]!, looped[k]!] as const));
      checkClose(report, `${fix.label}: vmap(grad) equals the loop of grad`, maxDiff, PER_SAMPLE_TOLERANCE);
      report.facts.push(
        `${fix.label} (${fix.code}): vmap ${formatSeconds(vmapMs)}, loop ${formatSeconds(loopMs)} ` +
          `(${(loopMs / vmapMs).toFixed(2)}x), max |vmap - loop| ${formatDiff(maxDiff)}`,
      );
      Object.assign(report.metrics, {
        [`${fix.id}.maxDiff`]: maxDiff,
        [`${fix.id}.vmapMs`]: vmapMs,
        [`${fix.id}.loopMs`]: loopMs,
      });
    }
  },
};
