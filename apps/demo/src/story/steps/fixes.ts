// PyTorch's four ways out ("Patching Batch Norm"), each run for real: vmap runs and equals a loop over the groups.
import { BatchNorm2d, GroupNorm } from '@bn/nn';
import { defaultNumGroups, evalMode, normLayers, replaceAllBatchNormModules_ } from '@bn/patch';
import { buildModel, otherFamily, smallCnn, trackingBatchNorms } from '../models.js';
import type { Step } from '../types.js';
import { vmapVsLoop } from '../vmap-vs-loop.js';

const option1 = 'Option 1: build it without running stats';
const option2 = 'Option 2: a normLayer for the builder';

export const fixes: Step[] = [
  {
    id: 'option1-groupnorm',
    section: option1,
    title: 'a network written with GroupNorm',
    label: 'GroupNorm network',
    code: () => 'new Sequential(new Conv2d(3, 32, 3), new GroupNorm(8, 32), new ReLU(), ...)',
    expect: 'runs',
    run: ({ config, x }) =>
      vmapVsLoop(
        smallCnn(config, (c) => new GroupNorm(8, c)),
        x,
      ),
  },
  {
    id: 'option1-batchnorm-no-stats',
    section: option1,
    title: 'a network written with BatchNorm2d without running stats',
    label: 'BatchNorm without stats',
    code: () =>
      'new Sequential(new Conv2d(3, 32, 3), new BatchNorm2d(32, { trackRunningStats: false }), ...)',
    expect: 'runs',
    run: ({ config, x }) =>
      vmapVsLoop(
        smallCnn(config, (c) => new BatchNorm2d(c, { trackRunningStats: false })),
        x,
      ),
  },
  {
    id: 'option2-groupnorm',
    section: option2,
    title: 'GroupNorm at every norm site',
    label: 'normLayer: GroupNorm',
    code: (config) =>
      `${config.model}({ numClasses: 10, normLayer: (c) => new GroupNorm(defaultNumGroups(c), c) })`,
    expect: 'runs',
    run({ config, x }) {
      const model = buildModel(config, config.model, {
        normLayer: (c: number) => new GroupNorm(defaultNumGroups(c), c),
      });
      const groupNorms = model.modules().filter((m) => m instanceof GroupNorm).length;
      return vmapVsLoop(model, x, undefined, [
        `${groupNorms} GroupNorms, ${trackingBatchNorms(model)} BatchNorms`,
      ]);
    },
  },
  {
    id: 'option2-batchnorm-no-stats',
    section: option2,
    title: 'BatchNorm without running stats at every norm site',
    label: 'normLayer: no-stats BatchNorm',
    code: (config) => `${config.model}({ numClasses: 10, normLayer: normLayers.batchNormNoStats() })`,
    expect: 'runs',
    run: ({ config, x }) =>
      vmapVsLoop(buildModel(config, config.model, { normLayer: normLayers.batchNormNoStats() }), x),
  },
  {
    id: 'option2-other-family',
    section: option2,
    title: 'the same on the other family',
    label: 'normLayer, other family',
    code: (config) =>
      `${otherFamily(config)}({ numClasses: 10, normLayer: normLayers.groupNorm(defaultNumGroups) })`,
    expect: 'runs',
    run: ({ config, x }) =>
      vmapVsLoop(
        buildModel(config, otherFamily(config), { normLayer: normLayers.groupNorm(defaultNumGroups) }),
        x,
      ),
  },
  {
    id: 'option3',
    section: 'Option 3: patch the built model',
    title: 'every BatchNorm stops tracking running stats, in place',
    label: 'replaceAllBatchNormModules_',
    code: () => 'replaceAllBatchNormModules_(model)',
    expect: 'runs',
    run({ config, x }) {
      const model = buildModel(config);
      const before = trackingBatchNorms(model);
      replaceAllBatchNormModules_(model);
      return vmapVsLoop(model, x, undefined, [
        `BatchNorms tracking running stats: ${before} before, ${trackingBatchNorms(model)} after`,
      ]);
    },
  },
  {
    id: 'option4',
    section: 'Option 4: eval mode',
    title: "running stats are only read; every module's mode is restored after",
    label: 'evalMode',
    code: () => 'evalMode(model, () => vmap(model)(x))',
    expect: 'runs',
    run({ config, x }) {
      const model = buildModel(config);
      // vmap and the loop both in eval mode; evalMode puts every module back in training afterwards
      const outcome = evalMode(model, (m) => vmapVsLoop(m, x));
      const restored = model.modules().every((m) => m.training);
      return {
        ...outcome,
        details: [`training mode restored: ${restored ? 'yes' : 'no'}`],
        ok: outcome.ok && restored,
      };
    },
  },
];
