// The train suite (issue 17): images per second of training steps of PyTorch's per-sample-gradients tutorial's
// SimpleCNN on random MNIST-shaped batches (B=64, 1x28x28): a plain SGD step; Opacus's DP-SGD step (vmap(grad)
// per-sample gradients, clipped, summed, noised); an ensemble of K SimpleCNNs with BatchNorm trained under one vmap
// against K separate steps. @bn at 1 thread, each step cross-checked before it is timed. Peers: jax-js and tfjs (cpu,
// wasm) where they train, and PyTorch's twin (tools/bench/train_torch.py) on every case.
import { Generator, manualSeed, nllLoss, randint, randn, type Tensor } from '@bn/tensor';
import {
  concatenated,
  type GradientValues,
  largestMagnitude,
  OTHER_KERNELS_GRADIENTS,
} from '../grad/gradients.js';
import { perSampleWays } from '../grad/per-sample.js';
import { SimpleCNN, simpleCnnWeights } from '../grad/simple-cnn.js';
import type { Samples, SimpleCnnWeights } from '../grad/simple-cnn-peers.js';
import { useThreads } from '../harness/bn-runtime.js';
import { crossCheck } from '../harness/crosscheck.js';
import { measure, QUICK_RUNS } from '../harness/measure.js';
import { rateRow, ratioRow, UNITS } from '../harness/rows.js';
import { errorText, type Impl, type SuiteContext, type SuiteRunner, type Timing } from '../harness/types.js';
import { runPytorchTwin } from '../peers/pytorch.js';
import { bnTrain, lossGradient } from '../train/bn.js';
import { ensembleWays } from '../train/ensemble.js';
import { TRAIN_PEERS, type TrainRunner } from '../train/peers.js';
import { changes, dpSgdChange, sgdChange, valuesOf } from '../train/references.js';
import {
  caseNames,
  FULL,
  MAX_GRAD_NORM,
  NOISE_MULTIPLIER,
  QUICK,
  type TrainSettings,
} from '../train/settings.js';

const SUITE = 'train';
const THREADS = 1;
/** A step of a few ms to a second: timed runs until both counts are reached. */
const RUNS = { warmup: 2, minRuns: 5, minTime: 2000 };

/** One SimpleCNN and one batch, with what each step should change from the network's initial weights. */
interface Problem {
  model: SimpleCNN;
  x: Tensor;
  y: Tensor;
  weights: SimpleCnnWeights;
  samples: Samples;
}

function problem({ batch, size }: TrainSettings): Problem {
  manualSeed(0);
  const model = new SimpleCNN(size);
  const generator = new Generator(1);
  const x = randn([batch, 1, size, size], { generator });
  const y = randint(0, 10, [batch], { generator });
  const samples = {
    images: Float32Array.from(x.toTypedArray()),
    targets: Int32Array.from(y.toTypedArray()),
    batch,
    size,
  };
  return { model, x, y, weights: simpleCnnWeights(model), samples };
}

/** The SGD step's change of every weight, -lr * the gradient of the batch's mean loss. */
function sgdReference({ model, x, y }: Problem): GradientValues {
  return sgdChange(valuesOf(lossGradient(model)(Object.fromEntries(model.namedParameters()), x, y)));
}

/** The DP-SGD step's change without noise, from a loop of per-sample gradients. */
function dpSgdReference({ model, x, y }: Problem): GradientValues {
  return dpSgdChange(perSampleWays(model, nllLoss, x, y).loop().map(valuesOf));
}

/** The weights a runner starts from, in its values' form. */
const weightValues = (weights: SimpleCnnWeights): GradientValues =>
  Object.fromEntries(Object.entries(weights).map(([k, { data }]) => [k, data]));

/**
 * How an implementation's step is checked and timed: `checked` makes one step whose change of the weights must be
 * `expected`; `timed` (by default the checked runner, stepping on) is timed.
 */
interface StepCase {
  expected: GradientValues;
  checked: () => Promise<TrainRunner>;
  timed?: () => Promise<TrainRunner>;
}

/**
 * Throws a CrossCheckError unless each weight's change `actual` (after - before) is `expected`. A float32 weight w
 * moves only in steps of its float32 spacing (about |w| * 2^-23), however exactly its change is computed: so the atol
 * is the larger of other kernels' (relative to the weight's largest change) and one spacing of its largest element.
 * At lr 0.01 a clipped DP-SGD change can be a few spacings, which other kernels' tolerance alone would not allow.
 */
function checkChanges(
  what: string,
  before: GradientValues,
  actual: GradientValues,
  expected: GradientValues,
): void {
  const { rtol, atol } = OTHER_KERNELS_GRADIENTS;
  for (const [name, change] of Object.entries(expected)) {
    const floor = largestMagnitude(before[name]!) * FLOAT32_SPACING;
    crossCheck(`${what}: ${name}`, actual[name] ?? [], change, {
      rtol,
      atol: Math.max(atol * largestMagnitude(change), floor),
    });
  }
}

/** The spacing of float32 values relative to their magnitude, 2^-23. */
const FLOAT32_SPACING = 2 ** -23;

/** A full run times a step only if its timed runs (and warm-up) would take at most this long, in ms. */
const STEP_BUDGET = 60_000;

/** Why `runner`'s step is not timed, from one step's time, if it would take longer than STEP_BUDGET. */
async function tooSlow(runner: TrainRunner): Promise<string | undefined> {
  const start = performance.now();
  await runner.step();
  const once = performance.now() - start;
  const runs = RUNS.warmup + RUNS.minRuns;
  if (once * runs <= STEP_BUDGET) return undefined;
  return `not timed: too slow (one step takes ${(once / 1000).toPrecision(2)} s, ${runs} runs ~${((once * runs) / 1000).toPrecision(2)} s)`;
}

/** A step, checked then timed, as a row of images per second; a skip on any failure. */
async function checkedStep(
  ctx: SuiteContext,
  name: string,
  impl: Impl,
  p: Problem,
  c: StepCase,
): Promise<void> {
  const runners: TrainRunner[] = [];
  const open = async (prepare: () => Promise<TrainRunner>) => {
    const runner = await prepare();
    runners.push(runner);
    return runner;
  };
  try {
    ctx.progress(`${SUITE}: ${name} ${impl}`);
    const checked = await open(c.checked);
    await checked.step();
    const after = await checked.read(Object.keys(c.expected));
    const before = weightValues(p.weights);
    checkChanges(`${name} ${impl}`, before, changes(before, after), c.expected);
    const timed = c.timed ? await open(c.timed) : checked;
    const slow = ctx.quick ? undefined : await tooSlow(timed);
    if (slow !== undefined) {
      ctx.skip(SUITE, name, impl, slow);
      return;
    }
    const timing = await measure(() => timed.step(), ctx.quick ? QUICK_RUNS : RUNS);
    ctx.record(
      rateRow({ suite: SUITE, case: name, impl, threads: THREADS }, 'img_per_s', p.samples.batch, timing),
    );
  } catch (e) {
    ctx.skip(SUITE, name, impl, errorText(e));
  } finally {
    for (const runner of runners) runner.dispose();
  }
}

/** Each implementation's SGD step, and its DP-SGD step with noise of std sigma * C (checked without noise). */
async function steps(ctx: SuiteContext, settings: TrainSettings, p: Problem): Promise<void> {
  const { simpleCnn } = caseNames(settings);
  ctx.progress(`${SUITE}: ${simpleCnn} references`);
  const sgd = sgdReference(p);
  const dp = dpSgdReference(p);
  for (const { impl, sgd: sgdStep, dpSgd } of [bnTrain, ...TRAIN_PEERS]) {
    await checkedStep(ctx, `${simpleCnn} sgd step`, impl, p, {
      expected: sgd,
      checked: () => sgdStep(p.weights, p.samples),
    });
    if (typeof dpSgd === 'string') {
      ctx.skip(SUITE, `${simpleCnn} dp-sgd step`, impl, dpSgd);
      continue;
    }
    await checkedStep(ctx, `${simpleCnn} dp-sgd step`, impl, p, {
      expected: dp,
      checked: () => dpSgd(p.weights, p.samples, 0),
      timed: () => dpSgd(p.weights, p.samples, NOISE_MULTIPLIER * MAX_GRAD_NORM),
    });
  }
}

/** Why the JavaScript peers have no ensemble row. */
const NO_ENSEMBLE: readonly (readonly [Impl, string])[] = [
  [
    'jax-js',
    'not run: jax-js has no BatchNorm with running stats (its vmap(grad) is timed in the dp-sgd step)',
  ],
  ['tfjs-backend-wasm', 'not run: tfjs has no vmap (K separate steps are K of its sgd steps)'],
  ['tfjs-backend-cpu', 'not run: tfjs has no vmap (K separate steps are K of its sgd steps)'],
];

/**
 * K SimpleCNNs with BatchNorm, each on its own batch: one step of all under one vmap against K steps in turn, checked
 * to change every parameter and running stat alike, then timed; images per second (K * B per step) and their ratio.
 */
async function ensemble(ctx: SuiteContext, settings: TrainSettings): Promise<void> {
  const { batch, size, members: k } = settings;
  const name = caseNames(settings).ensemble;
  for (const [impl, reason] of NO_ENSEMBLE) ctx.skip(SUITE, name, impl, reason);
  manualSeed(0);
  const members = Array.from({ length: k }, () => new SimpleCNN(size, { batchNorm: true }).train());
  const generator = new Generator(3);
  const xs = randn([k, batch, 1, size, size], { generator });
  const ys = randint(0, 10, [k, batch], { generator });
  try {
    const ways = ensembleWays(members, xs, ys);
    ctx.progress(`${SUITE}: ${name} vmap vs loop`);
    const stackedValues = () => valuesOf({ ...ways.stacked.params, ...ways.stacked.buffers });
    const memberValues = () => {
      const dicts = members.map((m) => m.stateDict());
      return Object.fromEntries(
        Object.keys(dicts[0]!).map((key) => [key, concatenated(dicts.map((d) => d[key]!.toTypedArray()))]),
      );
    };
    const before = stackedValues();
    ways.vmap();
    ways.loop();
    const expected = changes(before, memberValues());
    checkChanges(`${name} vmap vs loop`, before, changes(before, stackedValues()), expected);
    const timings: Record<string, Timing> = {};
    for (const way of ['vmap', 'loop'] as const) {
      ctx.progress(`${SUITE}: ${name} ${way}`);
      timings[way] = await measure(ways[way], ctx.quick ? QUICK_RUNS : RUNS);
      const base = { suite: SUITE, case: `${name} ${way}`, impl: '@bn', threads: THREADS } as const;
      ctx.record(rateRow(base, 'img_per_s', k * batch, timings[way]!));
    }
    const base = { suite: SUITE, case: `${name} loop/vmap`, impl: '@bn', threads: THREADS } as const;
    ctx.record(ratioRow(base, timings.loop!.ms / timings.vmap!.ms));
  } catch (e) {
    ctx.skip(SUITE, name, '@bn', errorText(e));
  }
}

/** PyTorch's rows from its twin. */
async function pytorch(ctx: SuiteContext): Promise<void> {
  const impl: Impl = 'pytorch';
  ctx.progress(`${SUITE}: PyTorch twin (tools/bench/train_torch.py)`);
  try {
    for (const row of await runPytorchTwin('train_torch.py', ctx.quick))
      ctx.record({ suite: SUITE, impl, threads: 1, unit: UNITS[row.metric], ...row });
  } catch (e) {
    ctx.skip(SUITE, 'every case', impl, errorText(e));
  }
}

export const trainSuite: SuiteRunner = async (ctx) => {
  const settings = ctx.quick ? QUICK : FULL;
  await useThreads(THREADS);
  await steps(ctx, settings, problem(settings));
  await ensemble(ctx, settings);
  await pytorch(ctx);
};
