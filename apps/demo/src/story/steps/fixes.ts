// PyTorch's four ways out ("Patching Batch Norm"), each run for real on the configured model (option 2 on the other
// family too): vmap runs and equals a loop over the groups.
import { BatchNorm2d, GroupNorm } from '@bn/nn';
import {
  defaultNumGroups,
  evalMode,
  findVmapIncompatibilities,
  normLayers,
  replaceAllBatchNormModules_,
  replaceBatchNormWithGroupNorm_,
} from '@bn/patch';
import { buildModel, otherFamily, replaceBatchNorm2d, trackingBatchNorms } from '../models.js';
import type { Step } from '../types.js';
import { vmapVsLoop } from '../vmap-vs-loop.js';

const option1 = 'Option 1: change the BatchNorms';
const option2 = 'Option 2: a normLayer for the builder';

export const fixes: Step[] = [
  {
    id: 'option1-groupnorm',
    section: option1,
    title: 'the model with a GroupNorm in place of each BatchNorm2d (@bn/patch makes the edit)',
    label: 'BatchNorm2d -> GroupNorm',
    code: (config) => `replaceBatchNormWithGroupNorm_(${config.model}({ numClasses: 10 }))`,
    expect: 'runs',
    run({ config, x }) {
      const { root, replaced } = replaceBatchNormWithGroupNorm_(buildModel(config));
      const left = findVmapIncompatibilities(root).length;
      const outcome = vmapVsLoop(root, x, undefined, [
        `${replaced.length} BatchNorm2d replaced by GroupNorm(gcd(32, C), C), their affine weights kept; ` +
          `findVmapIncompatibilities now lists ${left}`,
      ]);
      return { ...outcome, ok: outcome.ok && replaced.length > 0 && left === 0 };
    },
  },
  {
    id: 'option1-batchnorm-no-stats',
    section: option1,
    title: 'the model with a BatchNorm2d without running stats in place of each BatchNorm2d',
    label: 'BatchNorm2d without stats',
    code: () =>
      'parent.registerModule(name, new BatchNorm2d(c, { trackRunningStats: false }))  // at each BatchNorm2d(c)',
    expect: 'runs',
    run({ config, x }) {
      const model = buildModel(config);
      const replaced = replaceBatchNorm2d(
        model,
        (bn) => new BatchNorm2d(bn.numFeatures, { trackRunningStats: false }),
      );
      const tracking = trackingBatchNorms(model);
      const outcome = vmapVsLoop(model, x, undefined, [
        `${replaced.length} BatchNorm2d replaced; BatchNorms tracking running stats now: ${tracking}`,
      ]);
      return { ...outcome, ok: outcome.ok && replaced.length > 0 && tracking === 0 };
    },
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
