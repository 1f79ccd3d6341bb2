// The networks of the story: the configured @bn/models builder (10 classes, seeded so each step starts from the
// same weights), a builder of the other family, and option 1's change of a built model's BatchNorms.
import { getModel } from '@bn/models';
import { BatchNorm2d, type Module } from '@bn/nn';
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

/**
 * Puts `make(batchNorm)` in the place of every BatchNorm2d of `model` (under the same name in its parent), as one
 * edits a network's definition; returns the paths of the replaced modules.
 */
export function replaceBatchNorm2d(model: Module, make: (batchNorm: BatchNorm2d) => Module): string[] {
  const replaced: string[] = [];
  for (const [path, parent] of model.namedModules()) {
    for (const [name, child] of parent.namedChildren()) {
      if (!(child instanceof BatchNorm2d)) continue;
      parent.registerModule(name, make(child));
      replaced.push(path ? `${path}.${name}` : name);
    }
  }
  return replaced;
}

/** How many BatchNorms of `model` track running stats: what vmap refuses in training. */
export function trackingBatchNorms(model: Module): number {
  return model.modules().filter((m) => m instanceof BatchNorm2d && m.trackRunningStats).length;
}
