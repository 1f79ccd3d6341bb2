// The story as a stream of messages, for a worker (Node's worker_threads or a browser's Web Worker) to post while the
// main thread shows progress: the kernels it runs on, each step's start and result, then the end (or the error that
// stopped it).
import type { DemoConfig } from './config.js';
import { type Kernels, startKernels } from './kernels.js';
import { runStory } from './run-story.js';
import type { StepResult } from './types.js';

export type StoryMessage =
  | { type: 'kernels'; kernels: Kernels }
  | { type: 'start'; index: number; total: number; id: string; section: string; title: string; code: string }
  | { type: 'done'; index: number; total: number; result: StepResult }
  | { type: 'end'; results: StepResult[] }
  | { type: 'error'; message: string };

/**
 * Starts the kernels' threads and runs the story for `config`, posting what the kernels are, a message at each
 * step's start and end, and the end. Never rejects: a failure is posted as an 'error' message.
 */
export async function postStory(config: DemoConfig, post: (message: StoryMessage) => void): Promise<void> {
  try {
    post({ type: 'kernels', kernels: await startKernels() });
    const results = runStory(config, {
      start: (step, index, total) =>
        post({
          type: 'start',
          index,
          total,
          id: step.id,
          section: step.section,
          title: step.title,
          code: step.code(config),
        }),
      done: (result, index, total) => post({ type: 'done', index, total, result }),
    });
    post({ type: 'end', results });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
