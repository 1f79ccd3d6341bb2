// The models suite: ResNet-18 and RegNet-Y-400MF forward in eval mode, ms per image and GFLOP/s (FLOPs counted as
// torchvision's, models/flops.ts) at 224x224 (batch 1 and 8) and 32x32 (batch 32), for @bn (1 and 2 threads) and its
// peers on the same weights, each cross-checked against @bn's logits first; @bn's time over each peer's at the
// peer's thread count.
import { regnetY400mf, resnet18 } from '@bn/models';
import type { Module } from '@bn/nn';
import { manualSeed, randn, type Tensor } from '@bn/tensor';
import { useThreads } from '../harness/bn-runtime.js';
import { crossCheck, type Tolerance } from '../harness/crosscheck.js';
import { type MeasureOptions, measure, QUICK_RUNS } from '../harness/measure.js';
import { rateRow, ratioRow } from '../harness/rows.js';
import type { Impl, SuiteContext, SuiteRunner, Timing } from '../harness/types.js';
import { calibrateBatchNorm_ } from '../models/calibrate-batchnorm.js';
import { countFlops } from '../models/flops.js';
import type { Network } from '../models/layers.js';
import { MODEL_PEERS, type ModelPeer, type ModelRunner } from '../models/peers.js';
import { regnetNetwork } from '../models/regnet-network.js';
import { resnetNetwork } from '../models/resnet-network.js';

/** An eval-mode @bn model with calibrated BatchNorms (calibrate-batchnorm.ts), and its layers for the peers. */
interface Built {
  model: Module;
  network: Network;
}

function calibrated<M extends Module>(model: M, batch: Tensor, network: (model: M) => Network): Built {
  calibrateBatchNorm_(model, batch);
  return { model, network: network(model) };
}

const ARCHITECTURES: { name: string; build(numClasses: number, batch: Tensor): Built }[] = [
  {
    name: 'resnet18',
    build: (numClasses, batch) => calibrated(resnet18({ numClasses }), batch, resnetNetwork),
  },
  {
    name: 'regnetY400mf',
    build: (numClasses, batch) => calibrated(regnetY400mf({ numClasses }), batch, regnetNetwork),
  },
];

/** float32 logits after ~20 layers of different summation orders, with BatchNorm folded into the convolutions. */
const LOGITS_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-3 };

/** @bn's thread counts; a peer's time is compared with @bn's at the same count. */
const BN_THREADS = [1, 2];

/** One case: an architecture's logits on a batch, computed (the reference) and timed by @bn at each thread count. */
interface Case {
  name: string;
  network: Network;
  image: Float32Array;
  shape: number[];
  /** FLOPs of the forward pass on the whole batch. */
  flops: number;
  expected: Float32Array;
  bn: Map<number, Timing>;
}

/**
 * Quick: one run. Otherwise the cross-check run was the warm-up: a forward of half a second or more is timed three
 * times, a faster one by measure's defaults.
 */
function runsAfter(quick: boolean, checkMs: number): MeasureOptions {
  if (quick) return QUICK_RUNS;
  return checkMs >= 500 ? { warmup: 0, minRuns: 3, minTime: 0 } : {};
}

/** The ms per image and GFLOP/s rows of one timing of a case. */
function recordPerImage(
  ctx: SuiteContext,
  { name, shape, flops }: Pick<Case, 'name' | 'shape' | 'flops'>,
  impl: Impl,
  threads: number,
  t: Timing,
): void {
  const batch = shape[0]!;
  const [value, spread] = [t.ms / batch, [t.min / batch, t.max / batch] as [number, number]];
  const base = { suite: 'models', case: name, impl, threads } as const;
  ctx.record({ ...base, metric: 'ms_per_img', value, unit: 'ms', spread });
  ctx.record(rateRow(base, 'gflops', flops, t));
}

/** @bn's rows at each thread count, its logits at one thread the reference of the others and of the peers. */
async function timeBn(
  ctx: SuiteContext,
  name: string,
  { model, network }: Built,
  input: Tensor,
): Promise<Case> {
  const shape = [...input.shape];
  ctx.progress(`models: ${name} FLOPs`);
  const flops = countFlops(model, input.narrow(0, 0, 1)) * shape[0]!;
  const bn = new Map<number, Timing>();
  let expected: Float32Array | undefined;
  for (const threads of BN_THREADS) {
    const label = `@bn${threads > 1 ? ` ${threads} threads` : ''}`;
    ctx.progress(`models: ${name} ${label}`);
    try {
      await useThreads(threads);
    } catch (e) {
      ctx.skip('models', name, '@bn', `${label}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const start = performance.now();
    const logits = model.forward(input).toTypedArray() as Float32Array;
    if (expected === undefined) expected = logits;
    else crossCheck(`${name} ${label} logits`, logits, expected, LOGITS_TOLERANCE);
    const t = await measure(() => model.forward(input), runsAfter(ctx.quick, performance.now() - start));
    bn.set(threads, t);
    recordPerImage(ctx, { name, shape, flops }, '@bn', threads, t);
  }
  if (expected === undefined) throw new Error(`${name}: @bn ran at no thread count`);
  return { name, network, image: input.toTypedArray() as Float32Array, shape, flops, expected, bn };
}

/** Times `runner` after its logits passed the cross-check (which throws a CrossCheckError otherwise). */
async function checkAndTime(ctx: SuiteContext, c: Case, runner: ModelRunner, label: string): Promise<Timing> {
  const start = performance.now();
  crossCheck(`${c.name} ${label} logits`, await runner.run(), c.expected, LOGITS_TOLERANCE);
  return measure(() => runner.run(), runsAfter(ctx.quick, performance.now() - start));
}

/** The peer's rows for case `c`; a skip with the reason instead if it is too slow or anything fails. */
async function timePeer(ctx: SuiteContext, c: Case, peer: ModelPeer): Promise<void> {
  const { impl, threads, maxBatch } = peer;
  const label = impl === 'onnxruntime-node' ? `${impl} threads=${threads}` : impl;
  if (!ctx.quick && maxBatch !== undefined && c.shape[0]! > maxBatch) {
    ctx.skip('models', c.name, impl, `${label}: too slow, timed up to batch ${maxBatch} only`);
    return;
  }
  ctx.progress(`models: ${c.name} ${label}`);
  let runner: ModelRunner | undefined;
  try {
    runner = await peer.prepare(c.network, c.image, c.shape);
    const t = await checkAndTime(ctx, c, runner, label);
    recordPerImage(ctx, c, impl, threads, t);
    const bn = c.bn.get(threads);
    if (bn) ctx.record(ratioRow({ suite: 'models', case: c.name, impl, threads }, bn.ms / t.ms));
  } catch (e) {
    ctx.skip('models', c.name, impl, `${label}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await runner?.dispose();
  }
}

/** Image size and batch size of a batch of images. */
interface Images {
  size: number;
  batch: number;
}

/** The inputs timed, the classes, and the batch BatchNorm is calibrated on (calibrate-batchnorm.ts). */
interface Settings {
  inputs: Images[];
  numClasses: number;
  calibration: Images;
}

const SETTINGS: Settings = {
  inputs: [
    { size: 224, batch: 1 },
    { size: 224, batch: 8 },
    { size: 32, batch: 32 }, // CIFAR-sized
  ],
  numClasses: 1000,
  calibration: { size: 224, batch: 2 },
};

// the BatchNorm statistics need a calibration batch of several values per channel at the last stage (1x1 at 32)
const QUICK_SETTINGS: Settings = {
  inputs: [
    { size: 32, batch: 1 },
    { size: 32, batch: 2 },
  ],
  numClasses: 10,
  calibration: { size: 32, batch: 8 },
};

export const models: SuiteRunner = async (ctx) => {
  const { inputs, numClasses, calibration } = ctx.quick ? QUICK_SETTINGS : SETTINGS;
  for (const { name, build } of ARCHITECTURES) {
    ctx.progress(`models: building ${name}`);
    manualSeed(0);
    const built = build(numClasses, randn([calibration.batch, 3, calibration.size, calibration.size]));
    for (const { size, batch } of inputs) {
      const c = await timeBn(ctx, `${name} ${size} b${batch}`, built, randn([batch, 3, size, size]));
      for (const peer of MODEL_PEERS) await timePeer(ctx, c, peer);
    }
  }
};
