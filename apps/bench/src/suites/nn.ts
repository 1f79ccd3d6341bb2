// The nn suite: @bn/nn's modules against the functional ops they call (a small CNN, train and eval), BatchNorm over a
// named vmap axis against the plain model, an ensemble under vmap(functionalCall) against a loop, safetensors MB/s.
// @bn only, on one thread; every result cross-checked before it is timed.
import { functionalCall, loadSafetensors, type Module, saveSafetensors, stackModuleState } from '@bn/nn';
import { manualSeed, randn, stack, type Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { useThreads } from '../harness/bn-runtime.js';
import { crossCheck, type Tolerance } from '../harness/crosscheck.js';
import type { MeasureOptions } from '../harness/measure.js';
import { rateRow } from '../harness/rows.js';
import { formatValue } from '../harness/table.js';
import type { SuiteContext, SuiteRunner } from '../harness/types.js';
import { timeCheckedWays, timeWays } from '../harness/ways.js';
import { smallCnn, smallCnnFunctional } from '../nn/small-cnn.js';

const THREADS = 1;

/** Timed runs of a call of a few ms or more. */
const RUNS: MeasureOptions = { warmup: 2, minRuns: 15 };

/** Timed runs of a sub-millisecond call: many, for a stable median. */
const MANY_RUNS: MeasureOptions = { warmup: 200, minRuns: 2001, maxRuns: 2001 };

/** A saved and loaded tensor must come back bit for bit. */
const EXACT: Tolerance = { rtol: 0, atol: 0 };

/**
 * The small CNN as modules and as the functional ops, in training and eval, on a compute-bound batch and on one tiny
 * image (the per-call cost).
 */
async function modulesVsFunctional(ctx: SuiteContext): Promise<void> {
  const inputs = [
    { batch: ctx.quick ? 4 : 32, size: ctx.quick ? 8 : 32, options: RUNS },
    { batch: 1, size: 8, options: MANY_RUNS },
  ];
  for (const { batch, size, options } of inputs) {
    const net = smallCnn();
    const x = randn([batch, 3, size, size]);
    for (const mode of ['train', 'eval'] as const) {
      net[mode]();
      await timeCheckedWays(ctx, ['modules', 'functional'], {
        suite: 'nn',
        name: `cnn ${size} b${batch} ${mode}`,
        threads: THREADS,
        ways: { modules: () => net.forward(x), functional: () => smallCnnFunctional(net, x) },
        ratios: [['modules', 'functional']],
        options,
      });
    }
  }
}

/** vmap over single images with BatchNorm2d({ axisName }) against the plain-BatchNorm model on the whole batch. */
async function namedAxisBatchNorm(ctx: SuiteContext): Promise<void> {
  const named = smallCnn({ axisName: 'batch' });
  const plain = smallCnn();
  plain.loadStateDict(named.stateDict());
  const batch = ctx.quick ? 4 : 32;
  const images = randn([batch, 3, 32, 32]);
  const perImage = (image: Tensor) => named.forward(image.unsqueeze(0)).squeeze(0);
  const mapped = vmap(perImage, { axisName: 'batch' });
  await timeCheckedWays(ctx, ['vmap', 'plain'], {
    suite: 'nn',
    name: `axisName BatchNorm cnn 32 b${batch} train`,
    threads: THREADS,
    ways: { vmap: () => mapped(images), plain: () => plain.forward(images) },
    ratios: [['vmap', 'plain']],
    options: RUNS,
  });
}

/** Four CNNs in training: vmap(functionalCall) over their stacked state against a loop over the members. */
async function ensemble(ctx: SuiteContext): Promise<void> {
  const members: Module[] = Array.from({ length: 4 }, () => smallCnn());
  const [params, buffers] = stackModuleState(members);
  const batch = ctx.quick ? 2 : 16;
  const x = randn([batch, 3, 32, 32]);
  const member = (p: Record<string, Tensor>, b: Record<string, Tensor>, input: Tensor) =>
    functionalCall<Tensor>(members[0]!, [p, b], input);
  const mapped = vmap(member, { inDims: [0, 0, null] });
  await timeCheckedWays(ctx, ['vmap', 'loop'], {
    suite: 'nn',
    name: `ensemble of ${members.length} cnn 32 b${batch} train`,
    threads: THREADS,
    ways: {
      vmap: () => mapped(params, buffers, x),
      loop: () => stack(members.map((m) => m.forward(x) as Tensor)),
    },
    ratios: [['loop', 'vmap']],
    options: RUNS,
  });
}

/** Tensor sizes of the saved state dict: 10.7M float32 values, close to ResNet-18's 11.7M. */
const STATE_DICT_SIZES = [2359296, 2359296, 2359296, 1179648, 589824, 512000, 589824, 589824, 147456, 1000];

/** saveSafetensors and loadSafetensors of a state dict, in ms and MB/s of the file, after a round trip check. */
async function safetensors(ctx: SuiteContext): Promise<void> {
  const sizes = ctx.quick ? STATE_DICT_SIZES.map((n) => Math.ceil(n / 1000)) : STATE_DICT_SIZES;
  const dict = Object.fromEntries(sizes.map((n, i) => [`layer.${i}.weight`, randn([n])]));
  const file = saveSafetensors(dict);
  const name = `safetensors ${formatValue(file.byteLength / 1e6)} MB`;
  ctx.progress(`nn: ${name} round trip`);
  const loaded = loadSafetensors(file);
  for (const [key, t] of Object.entries(dict)) {
    crossCheck(`${name} ${key} loaded`, loaded[key]?.toTypedArray() ?? [], t.toTypedArray(), EXACT);
  }
  const timings = await timeWays(ctx, {
    suite: 'nn',
    name,
    threads: THREADS,
    ways: { save: () => saveSafetensors(dict), load: () => loadSafetensors(file) },
    ratios: [],
    options: { warmup: 1, minRuns: 5 },
  });
  for (const way of ['save', 'load'] as const) {
    const base = { suite: 'nn', case: `${name} ${way}`, impl: '@bn', threads: THREADS } as const;
    ctx.record(rateRow(base, 'mb_per_s', file.byteLength, timings[way]));
  }
}

export const nn: SuiteRunner = async (ctx) => {
  await useThreads(THREADS);
  manualSeed(0);
  await modulesVsFunctional(ctx);
  await namedAxisBatchNorm(ctx);
  await ensemble(ctx);
  await safetensors(ctx);
};
