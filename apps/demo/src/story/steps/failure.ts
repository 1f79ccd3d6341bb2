// Step 1, the failure: a model in training mode whose BatchNorms track running stats, under vmap. functorch refuses
// to write a batched statistic into an unbatched buffer; @bn throws the same sentence, names the module and lists
// the fixes, and no buffer changes.
import { BATCH_NORM_RUNNING_STATS_ERROR, vmap } from '@bn/vmap';
import { compare } from '../compare.js';
import { errorMessage } from '../error-message.js';
import { buildModel } from '../models.js';
import type { Step } from '../types.js';

export const failure: Step = {
  id: 'failure',
  section: 'The failure',
  title: 'vmap over a model in training mode, BatchNorm tracking running stats',
  label: 'BatchNorm tracking stats',
  code: (config) => `vmap(${config.model}({ numClasses: 10 }))(x)`,
  expect: 'throws',
  run({ config, x }) {
    const model = buildModel(config);
    const buffers = model.buffers();
    const before = buffers.map((t) => [t, t.clone()] as const);
    let error: string | undefined;
    try {
      vmap(model)(x);
    } catch (e) {
      error = errorMessage(e);
    }
    const { maxDiff } = compare(before);
    const functorchSentence = error?.startsWith(BATCH_NORM_RUNNING_STATS_ERROR) ?? false;
    return {
      ran: error === undefined,
      error,
      details: [
        `functorch's sentence: ${functorchSentence ? 'yes' : 'no'}`,
        `running stats (${buffers.length} buffers) unchanged: ${maxDiff === 0 ? 'yes' : `no, changed by up to ${maxDiff}`}`,
      ],
      ok: error !== undefined && functorchSentence && maxDiff === 0,
    };
  },
};
