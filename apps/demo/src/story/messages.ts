// The story as a stream of messages, for a worker (Node's worker_threads or a browser's Web Worker) to post while the
// main thread shows progress: each step's start and result, then the end (or the error that stopped it).
import type { DemoConfig } from './config.js';
import { runStory } from './run-story.js';
import type { StepResult } from './types.js';

export type StoryMessage =
  | { type: 'start'; index: number; total: number; id: string; section: string; title: string; code: string }
  | { type: 'done'; index: number; total: number; result: StepResult }
  | { type: 'end'; results: StepResult[] }
  | { type: 'error'; message: string };

/** Runs the story for `config`, posting a message at each step's start and end and at the end. */
export function postStory(config: DemoConfig, post: (message: StoryMessage) => void): void {
  try {
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
