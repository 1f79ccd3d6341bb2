// The networks of the story: the configured @bn/models builder (10 classes, seeded so each step starts from the
// same weights), a builder of the other family, and a small CNN written by hand for option 1.
import { getModel } from '@bn/models';
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  Linear,
  type Module,
  ReLU,
  Sequential,
} from '@bn/nn';
import { manualSeed } from '@bn/tensor';
import type { DemoConfig } from './config.js';

export const NUM_CLASSES = 10;

/** `getModel(name, { numClasses: 10, ...options })` drawn from `seed` (default: the configured one). */
export function buildModel(
  config: DemoConfig,
  name: string = config.model,
  options: object = {},
  seed: number = config.seed,
): Module {
  manualSeed(seed);
  return getModel(name, { numClasses: NUM_CLASSES, ...options });
}

/** A model of the other family than the configured one, to show option 2 on both. */
export function otherFamily(config: DemoConfig): string {
  return config.model.toLowerCase().startsWith('regnet') ? 'resnet18' : 'regnetY400mf';
}

/** conv 3x3 - norm - ReLU twice (the second strided), global pool, linear: a network you write yourself. */
export function smallCnn(config: DemoConfig, norm: (channels: number) => Module): Sequential {
  manualSeed(config.seed);
  return new Sequential(
    new Conv2d(3, 32, 3, { padding: 1, bias: false }),
    norm(32),
    new ReLU(),
    new Conv2d(32, 64, 3, { stride: 2, padding: 1, bias: false }),
    norm(64),
    new ReLU(),
    new AdaptiveAvgPool2d(1),
    new Flatten(),
    new Linear(64, NUM_CLASSES),
  );
}

/** How many BatchNorms of `model` track running stats: what vmap refuses in training. */
export function trackingBatchNorms(model: Module): number {
  return model.modules().filter((m) => m instanceof BatchNorm2d && m.trackRunningStats).length;
}
