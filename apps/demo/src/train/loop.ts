// The training loop every story shares: epochs of shuffled full batches (the story's seed, so two runs compared
// see the same batches), one step each, its losses appended to the story's curves and reported as progress.
import { Generator, type Tensor } from '@bn/tensor';
import { shuffledBatches } from './data/batches.js';
import type { Split } from './data/mnist.js';
import type { Curve, StoryContext } from './types.js';

export interface LoopOptions {
  batch: number;
  epochs: number;
  /** Stop after this many steps (default: every batch of every epoch). */
  steps?: number;
}

/**
 * Runs `step` on each batch (images, labels) of `epochs` passes over `split`, shuffled from `seed`; `step` returns
 * one loss per curve in `curves`. Returns the number of steps taken.
 */
export function trainLoop(
  ctx: StoryContext,
  curves: readonly Curve[],
  split: Split,
  { batch, epochs, steps = Number.POSITIVE_INFINITY }: LoopOptions,
  step: (images: Tensor, labels: Tensor) => number[],
): number {
  const generator = new Generator(ctx.config.seed);
  const perEpoch = Math.floor(split.labels.shape[0]! / batch);
  const total = Math.min(steps, perEpoch * epochs);
  let done = 0;
  for (let epoch = 0; epoch < epochs && done < total; epoch++) {
    for (const { images, labels } of shuffledBatches(split, batch, generator)) {
      if (done === total) break;
      const losses = step(images, labels);
      done++;
      curves.forEach((curve, i) => {
        curve.losses.push(losses[i]!);
        ctx.step(curve.label, losses[i]!, done, total);
      });
    }
  }
  return done;
}
