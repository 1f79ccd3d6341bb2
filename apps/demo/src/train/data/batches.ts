// Training batches as PyTorch's DataLoader(shuffle=True, drop_last=True) gives them: each epoch a fresh permutation
// drawn from the story's seeded generator, cut into full batches.
import { type Generator, randperm } from '@bn/tensor';
import { type Split, take } from './mnist.js';

/** The full batches of one epoch of `split`, shuffled by `generator` (an incomplete last batch is dropped). */
export function shuffledBatches(split: Split, batchSize: number, generator: Generator): Split[] {
  const n = split.labels.shape[0]!;
  const order = randperm(n, { generator });
  return Array.from({ length: Math.floor(n / batchSize) }, (_, b) =>
    take(split, order.narrow(0, b * batchSize, batchSize)),
  );
}
