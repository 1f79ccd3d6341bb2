// The training stories at small sizes on the real MNIST digits, each claim asserted with the tolerance the story
// states: the loader (split, normalisation, shuffling), and per story what it checks (vmap == loop, named axis ==
// whole batch, ensemble == sequential, losses falling), plus its report.
import { Generator } from '@bn/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, readTrainConfig, type TrainConfig } from '../src/train/config.js';
import { shuffledBatches } from '../src/train/data/batches.js';
import { MNIST_MEAN, MNIST_STD, type Mnist, mnistFromDigits } from '../src/train/data/mnist.js';
import { readDigitsFiles } from '../src/train/data/mnist-node.js';
import { runTraining } from '../src/train/run-training.js';
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
      const counts = Array.from({ length: 10 }, (_, d) => split.labels.eq(d).sum().item() as number);
      expect(Math.min(...counts)).toBeGreaterThan(split === mnist.train ? 600 : 150);
    }
    const again = mnistFromDigits(await readDigitsFiles());
    expect(again.test.labels.toArray()).toEqual(mnist.test.labels.toArray());
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
