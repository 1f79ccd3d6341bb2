// The grad suite (issue 16): per-sample gradients, vmap(grad(loss)) against a loop of grad(loss) over the samples,
// for PyTorch's per-sample-gradients tutorial's SimpleCNN (B=64, 28x28) and ResNet-18 patched with
// replaceAllBatchNormModules_ (B=16, 64x64, 10 classes), @bn at 1 thread; a ResNet-18 training step (224x224 batch 8,
// train mode, the gradient of cross-entropy w.r.t. every parameter), ms per image at 1 and 2 threads; conv2d's
// input and weight gradients beside the forward, GFLOP/s counting the forward's FLOPs, at 1 and 2 threads. Every
// result is cross-checked before it is timed. Peers: jax-js and tfjs on the SimpleCNN, and PyTorch's twin
// (tools/bench/grad_torch.py) on every row.
import { grad } from '@bn/autograd';
import { resnet18 } from '@bn/models';
import { functionalCall, type Module } from '@bn/nn';
import { replaceAllBatchNormModules_ } from '@bn/patch';
import {
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  crossEntropy,
  fromTypedArray,
  Generator,
  manualSeed,
  nllLoss,
  randint,
  randn,
  type Tensor,
} from '@bn/tensor';
import type * as tfjs from '@tensorflow/tfjs';
import { convGradientCases, convGradientsReference, gradOutputOf } from '../grad/conv-gradients.js';
import {
  checkGradients,
  type GradientValues,
  OTHER_KERNELS_GRADIENTS,
  SAME_KERNELS_GRADIENTS,
} from '../grad/gradients.js';
import { type Loss, perSampleWays, readPerSample } from '../grad/per-sample.js';
import { SimpleCNN, simpleCnnWeights } from '../grad/simple-cnn.js';
import {
  firstSamples,
  PER_SAMPLE_PEERS,
  type PerSamplePeer,
  type PerSampleRunner,
  type Samples,
  type SimpleCnnWeights,
} from '../grad/simple-cnn-peers.js';
import { useThreads } from '../harness/bn-runtime.js';
import { crossCheck } from '../harness/crosscheck.js';
import { type MeasureOptions, measure, QUICK_RUNS } from '../harness/measure.js';
import { msRow, rateRow, ratioRow, UNITS } from '../harness/rows.js';
import { errorText, type Impl, type SuiteContext, type SuiteRunner, type Timing } from '../harness/types.js';
import { timeWays } from '../harness/ways.js';
import { type ConvCase, kernelFlops, kernelInputs, kernelShapes } from '../kernels/cases.js';
import { conv2dReference } from '../kernels/reference.js';
import { countFlops } from '../models/flops.js';
import { runPytorchTwin, type TwinRow } from '../peers/pytorch.js';
import { useTfjs } from '../peers/tfjs.js';

const SUITE = 'grad';

/** Sizes of each part; tools/bench/grad_torch.py has the same (FULL, QUICK), so the case names match its rows. */
interface Settings {
  simpleCnn: { batch: number; size: number };
  patched: { batch: number; size: number; classes: number };
  train: { batch: number; size: number; classes: number };
}

const SETTINGS: Settings = {
  simpleCnn: { batch: 64, size: 28 },
  patched: { batch: 16, size: 64, classes: 10 },
  train: { batch: 8, size: 224, classes: 1000 },
};

// 64: ResNet's layer4 has 2x2 maps, where BatchNorm on one image has more than one value per channel
const QUICK_SETTINGS: Settings = {
  simpleCnn: { batch: 4, size: 12 },
  patched: { batch: 2, size: 64, classes: 10 },
  train: { batch: 2, size: 32, classes: 10 },
};

/** Per-sample gradients run at 1 thread, as functorch's figures they are compared with. */
const PER_SAMPLE_THREADS = 1;
const BN_THREADS = [1, 2];

/**
 * Calls of a second or more: the cross-check run was the warm-up. Five runs, as the first ones of a process can pay
 * for its heap growing (faults on the first write to fresh memory).
 */
const SLOW_RUNS: MeasureOptions = { warmup: 0, minRuns: 5, minTime: 0 };

/** The parameters whose gradients are compared (first and last layers, a bias, a norm). */
const SIMPLE_CNN_CHECKED = ['conv1.weight', 'conv2.weight', 'conv2.bias', 'fc2.weight', 'fc2.bias'];
const RESNET_CHECKED = [
  'conv1.weight',
  'layer1.0.conv1.weight',
  'layer4.1.bn2.weight',
  'fc.weight',
  'fc.bias',
];

/**
 * @bn's vmap(grad) and loop on `model`, checked against each other on `checked`, then timed; returns vmap's values
 * of `checked` (the peers' reference).
 */
async function bnPerSample(
  ctx: SuiteContext,
  name: string,
  { model, loss, x, y, checked }: { model: Module; loss: Loss; x: Tensor; y: Tensor; checked: string[] },
): Promise<GradientValues> {
  const ways = perSampleWays(model, loss, x, y);
  ctx.progress(`${SUITE}: ${name} vmap vs loop`);
  const expected = readPerSample(ways.vmap(), checked);
  checkGradients(
    `${name} vmap vs loop`,
    expected,
    readPerSample(ways.loop(), checked),
    SAME_KERNELS_GRADIENTS,
  );
  await timeWays(ctx, {
    suite: SUITE,
    name,
    threads: PER_SAMPLE_THREADS,
    ways,
    ratios: [['loop', 'vmap']],
    options: { warmup: 0, minRuns: 3, minTime: 2000 },
  });
  return expected;
}

/** A slow peer's loop is timed in a full run only if it would take at most this long (ms per run). */
const SLOW_LOOP_BUDGET = 20_000;

/** The estimated ms of a loop over `batch` samples, from one timed sample's gradients (after one untimed). */
async function estimatedLoop(
  peer: PerSamplePeer,
  weights: SimpleCnnWeights,
  samples: Samples,
): Promise<number> {
  const runner = await peer.prepare(weights, firstSamples(samples, 1));
  try {
    const loop = runner.ways.loop!;
    (await loop()).dispose();
    const start = performance.now();
    (await loop()).dispose();
    return (performance.now() - start) * samples.batch;
  } finally {
    runner.dispose();
  }
}

/** A peer's ways on the SimpleCNN, each checked against @bn's gradients, then timed; a skip on any failure. */
async function peerPerSample(
  ctx: SuiteContext,
  name: string,
  peer: PerSamplePeer,
  inputs: { weights: SimpleCnnWeights; samples: Samples; expected: GradientValues },
): Promise<void> {
  const { impl } = peer;
  let runner: PerSampleRunner | undefined;
  try {
    ctx.progress(`${SUITE}: ${name} ${impl}`);
    if (peer.slow && !ctx.quick) {
      const estimate = await estimatedLoop(peer, inputs.weights, inputs.samples);
      if (estimate > SLOW_LOOP_BUDGET) {
        const each = estimate / inputs.samples.batch / 1000;
        const reason = `not timed: too slow (one sample's gradients take ${each.toPrecision(2)} s, a loop over ${inputs.samples.batch} ~${(estimate / 1000).toPrecision(2)} s a run)`;
        ctx.skip(SUITE, name, impl, reason);
        return;
      }
    }
    runner = await peer.prepare(inputs.weights, inputs.samples);
    const timings: Partial<Record<'vmap' | 'loop', Timing>> = {};
    for (const way of ['vmap', 'loop'] as const) {
      const compute = runner.ways[way];
      if (compute === undefined) continue;
      ctx.progress(`${SUITE}: ${name} ${impl} ${way}`);
      const result = await compute();
      const values = await result.read(Object.keys(inputs.expected));
      result.dispose();
      checkGradients(`${name} ${impl} ${way}`, values, inputs.expected, OTHER_KERNELS_GRADIENTS);
      const timing = await measure(
        async () => (await compute()).dispose(),
        ctx.quick ? QUICK_RUNS : SLOW_RUNS,
      );
      timings[way] = timing;
      ctx.record(msRow({ suite: SUITE, case: `${name} ${way}`, impl, threads: 1 }, timing));
    }
    if (timings.vmap && timings.loop) {
      const base = { suite: SUITE, case: `${name} loop/vmap`, impl, threads: 1 } as const;
      ctx.record(ratioRow(base, timings.loop.ms / timings.vmap.ms));
    }
  } catch (e) {
    ctx.skip(SUITE, name, impl, errorText(e));
  } finally {
    runner?.dispose();
  }
}

/** SimpleCNN (with its peers) and patched ResNet-18: per-sample gradients, vmap against a loop. */
async function perSampleGradients(ctx: SuiteContext, settings: Settings): Promise<void> {
  await useThreads(PER_SAMPLE_THREADS);
  const { batch, size } = settings.simpleCnn;
  const name = `simplecnn ${size} B=${batch}`;
  manualSeed(0);
  const cnn = new SimpleCNN(size);
  const generator = new Generator(1);
  const x = randn([batch, 1, size, size], { generator });
  const y = randint(0, 10, [batch], { generator });
  const expected = await bnPerSample(ctx, name, {
    model: cnn,
    loss: nllLoss,
    x,
    y,
    checked: SIMPLE_CNN_CHECKED,
  });
  const samples: Samples = {
    images: Float32Array.from(x.toTypedArray()),
    targets: Int32Array.from(y.toTypedArray()),
    batch,
    size,
  };
  const weights = simpleCnnWeights(cnn);
  for (const peer of PER_SAMPLE_PEERS) await peerPerSample(ctx, name, peer, { weights, samples, expected });

  const p = settings.patched;
  manualSeed(0);
  const patched = replaceAllBatchNormModules_(resnet18({ numClasses: p.classes })).train();
  const images = randn([p.batch, 3, p.size, p.size], { generator });
  const targets = randint(0, p.classes, [p.batch], { generator });
  await bnPerSample(ctx, `resnet18 patched ${p.size} B=${p.batch}`, {
    model: patched,
    loss: crossEntropy,
    x: images,
    y: targets,
    checked: RESNET_CHECKED,
  });
}

/**
 * Why a peer has no training-step row: tfjs-backend-wasm has no kernel for conv2d's weight gradient (the probe's
 * error says so), tfjs-backend-cpu and jax-js convolve too slowly for a step of `gflop` GFLOP (forward and backward).
 */
async function trainingStepPeers(ctx: SuiteContext, name: string, gflop: number): Promise<void> {
  const step = `a step is ~${gflop.toPrecision(2)} GFLOP (3x the forward's)`;
  ctx.skip(
    SUITE,
    name,
    'jax-js',
    `not run: too slow (its wasm 3x3 convolutions run at 0.4-3.5 GFLOP/s in the kernels suite; ${step})`,
  );
  try {
    const tf = await useTfjs('wasm');
    tf.tidy(() => {
      const x = tf.ones([1, 4, 4, 1]) as tfjs.Tensor4D;
      tf.grads((w) => tf.sum(tf.conv2d(x, w as tfjs.Tensor4D, 1, 'same')))([tf.ones([3, 3, 1, 1])]);
    });
    ctx.skip(SUITE, name, 'tfjs-backend-wasm', 'not run: no tfjs training network in the bench yet');
  } catch (e) {
    ctx.skip(SUITE, name, 'tfjs-backend-wasm', `cannot run: tf.grads through conv2d fails: ${errorText(e)}`);
  }
  ctx.skip(
    SUITE,
    name,
    'tfjs-backend-cpu',
    `not run: too slow (plain-JS kernels at ~0.8 GFLOP/s in the kernels suite; ${step})`,
  );
}

/** ResNet-18 in train mode: forward, cross-entropy, backward to every parameter; ms per image at each thread count. */
async function trainingStep(ctx: SuiteContext, settings: Settings): Promise<Map<number, Timing>> {
  const { batch, size, classes } = settings.train;
  const name = `resnet18 ${size} b${batch} train step`;
  manualSeed(0);
  const model = resnet18({ numClasses: classes }).train();
  const generator = new Generator(2);
  const x = randn([batch, 3, size, size], { generator });
  const y = randint(0, classes, [batch], { generator });
  const params = Object.fromEntries(model.namedParameters());
  const loss = (p: Record<string, Tensor>) => crossEntropy(functionalCall<Tensor>(model, p, x), y);
  const step = grad(loss) as (p: Record<string, Tensor>) => Record<string, Tensor>;
  const read = (g: Record<string, Tensor>) =>
    Object.fromEntries(RESNET_CHECKED.map((k) => [k, g[k]!.toTypedArray()]));
  const timings = new Map<number, Timing>();
  let expected: GradientValues | undefined;
  for (const threads of BN_THREADS) {
    const label = `@bn${threads > 1 ? ` ${threads} threads` : ''}`;
    try {
      await useThreads(threads);
    } catch (e) {
      ctx.skip(SUITE, name, '@bn', `${label}: ${errorText(e)}`);
      continue;
    }
    ctx.progress(`${SUITE}: ${name} ${label}`);
    const values = read(step(params));
    if (expected === undefined) expected = values;
    else checkGradients(`${name} ${label}`, values, expected, OTHER_KERNELS_GRADIENTS);
    const t = await measure(() => step(params), ctx.quick ? QUICK_RUNS : SLOW_RUNS);
    timings.set(threads, t);
    const spread: [number, number] = [t.min / batch, t.max / batch];
    const base = { suite: SUITE, case: name, impl: '@bn', threads } as const;
    ctx.record({ ...base, metric: 'ms_per_img', unit: UNITS.ms_per_img, value: t.ms / batch, spread });
  }
  ctx.progress(`${SUITE}: ${name} FLOPs`);
  const flops = countFlops(model.eval(), x);
  await trainingStepPeers(ctx, name, (3 * flops) / 1e9);
  return timings;
}

/** Forward, input gradient and weight gradient of each case, checked against float64, GFLOP/s at each thread count. */
async function convGradients(ctx: SuiteContext): Promise<void> {
  for (const c of convGradientCases(ctx.quick)) {
    ctx.progress(`${SUITE}: ${c.name} reference`);
    const { lhs, rhs } = kernelInputs(c);
    const g = gradOutputOf(c);
    const reference = { forward: conv2dReference(lhs, rhs, c), ...convGradientsReference(lhs, rhs, g, c) };
    for (const threads of BN_THREADS) {
      try {
        await useThreads(threads);
      } catch (e) {
        ctx.skip(SUITE, c.name, '@bn', `${threads} threads: ${errorText(e)}`);
        continue;
      }
      await timeConvGradients(ctx, c, { lhs, rhs, g }, reference, threads);
    }
  }
}

async function timeConvGradients(
  ctx: SuiteContext,
  c: ConvCase,
  { lhs, rhs, g }: { lhs: Float32Array; rhs: Float32Array; g: Float32Array },
  reference: { forward: Float64Array; input: Float64Array; weight: Float64Array },
  threads: number,
): Promise<void> {
  const shapes = kernelShapes(c);
  const [x, w, dy] = [
    fromTypedArray(lhs, shapes.lhs),
    fromTypedArray(rhs, shapes.rhs),
    fromTypedArray(g, shapes.out),
  ];
  const options = { stride: c.stride, padding: c.padding };
  const ways = {
    forward: { run: () => conv2d(x, w, null, options), expected: reference.forward },
    'input grad': {
      run: () => conv2dBackwardInput(dy, w, [c.size, c.size], options),
      expected: reference.input,
    },
    'weight grad': {
      run: () => conv2dBackwardWeight(dy, x, [c.kernel, c.kernel], options),
      expected: reference.weight,
    },
  };
  const rates: Record<string, number> = {};
  for (const [way, { run, expected }] of Object.entries(ways)) {
    ctx.progress(`${SUITE}: ${c.name} ${way}${threads > 1 ? ` ${threads} threads` : ''}`);
    crossCheck(`${c.name} ${way}`, run().toTypedArray(), expected);
    const timing = await measure(run, ctx.quick ? QUICK_RUNS : {});
    const row = rateRow(
      { suite: SUITE, case: `${c.name} ${way}`, impl: '@bn', threads },
      'gflops',
      kernelFlops(c),
      timing,
    );
    rates[way] = row.value;
    ctx.record(row);
  }
  for (const way of ['input grad', 'weight grad']) {
    const base = { suite: SUITE, case: `${c.name} ${way}/forward`, impl: '@bn', threads } as const;
    ctx.record(ratioRow(base, rates[way]! / rates.forward!));
  }
}

/** PyTorch's rows from its twin, and @bn's training step time over PyTorch's. */
async function pytorch(ctx: SuiteContext, settings: Settings, training: Map<number, Timing>): Promise<void> {
  const impl: Impl = 'pytorch';
  ctx.progress(`${SUITE}: PyTorch twin (tools/bench/grad_torch.py)`);
  let rows: TwinRow[];
  try {
    rows = await runPytorchTwin('grad_torch.py', ctx.quick);
  } catch (e) {
    ctx.skip(SUITE, 'every case', impl, errorText(e));
    return;
  }
  for (const row of rows) ctx.record({ suite: SUITE, impl, threads: 1, unit: UNITS[row.metric], ...row });
  const { batch, size } = settings.train;
  const name = `resnet18 ${size} b${batch} train step`;
  const bn = training.get(1);
  const twin = rows.find((r) => r.case === name && r.metric === 'ms_per_img');
  if (bn && twin)
    ctx.record(ratioRow({ suite: SUITE, case: name, impl, threads: 1 }, bn.ms / batch / twin.value));
}

export const gradSuite: SuiteRunner = async (ctx) => {
  const settings = ctx.quick ? QUICK_SETTINGS : SETTINGS;
  await perSampleGradients(ctx, settings);
  const training = await trainingStep(ctx, settings);
  await convGradients(ctx);
  await pytorch(ctx, settings, training);
};
