// The training stories as a stream of messages, for a worker (Node's worker_threads or a browser's Web Worker) to
// post while the main thread draws progress and the loss chart: the kernels, the data, each story's start, phases,
// training steps and result, then the end (or the error that stopped it).
import { type Kernels, startKernels } from '../story/kernels.js';
import type { TrainConfig } from './config.js';
import { type DigitsFile, mnistFromDigits } from './data/mnist.js';
import { runTraining } from './run-training.js';
import type { StoryResult } from './types.js';

export type TrainMessage =
  | { type: 'kernels'; kernels: Kernels }
  | { type: 'data'; train: number; test: number; ms: number }
  | { type: 'start'; index: number; total: number; id: string; title: string; code: string }
  | { type: 'phase'; id: string; text: string }
  | { type: 'step'; id: string; curve: string; loss: number; step: number; total: number }
  | { type: 'done'; index: number; total: number; result: StoryResult }
  | { type: 'end'; results: StoryResult[] }
  | { type: 'error'; message: string };

/**
 * Starts the kernels' threads, loads the digits with `readDigits` (from node_modules, or URLs the page was built
 * with) and runs the stories of `config`, posting every message. Never rejects: a failure is an 'error' message.
 */
export async function postTraining(
  config: TrainConfig,
  readDigits: () => Promise<DigitsFile[]>,
  post: (message: TrainMessage) => void,
): Promise<void> {
  try {
    post({ type: 'kernels', kernels: await startKernels() });
    const start = performance.now();
    const mnist = mnistFromDigits(await readDigits());
    post({
      type: 'data',
      train: Math.min(config.train, mnist.train.labels.shape[0]!),
      test: Math.min(config.test, mnist.test.labels.shape[0]!),
      ms: performance.now() - start,
    });
    const results = runTraining(config, mnist, {
      start: ({ id, title, code }, index, total) => post({ type: 'start', index, total, id, title, code }),
      phase: (id, text) => post({ type: 'phase', id, text }),
      step: (id, curve, loss, step, total) => post({ type: 'step', id, curve, loss, step, total }),
      done: (result, index, total) => post({ type: 'done', index, total, result }),
    });
    post({ type: 'end', results });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
