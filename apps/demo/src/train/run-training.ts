// Runs the configured training stories in order on the MNIST digits and reports each as it starts, trains and ends,
// for a terminal or a page.
import { errorMessage } from '../story/error-message.js';
import type { TrainConfig } from './config.js';
import { head, type Mnist } from './data/mnist.js';
import { emptyReport } from './report.js';
import { TRAIN_STORIES } from './stories/index.js';
import type { StoryContext, StoryResult, TrainStory } from './types.js';

export interface TrainingEvents {
  start?(story: TrainStory, index: number, total: number): void;
  step?(id: string, curve: string, loss: number, step: number, total: number): void;
  phase?(id: string, text: string): void;
  done?(result: StoryResult, index: number, total: number): void;
}

/** The stories `config` names, in the order they are told. */
export function selectedStories(config: TrainConfig): TrainStory[] {
  return TRAIN_STORIES.filter((s) => config.stories.includes(s.id));
}

/** Runs one story; a throw is its error (and a failed story), not the end of the run. */
function runOne(story: TrainStory, ctx: StoryContext): StoryResult {
  const report = emptyReport();
  const start = performance.now();
  let error: string | undefined;
  try {
    story.run(ctx, report);
  } catch (e) {
    error = errorMessage(e);
  }
  const ms = performance.now() - start;
  const ok = error === undefined && report.checks.every((c) => c.ok);
  const { id, title, code } = story;
  return { id, title, code, ...report, ok, ms, ...(error === undefined ? {} : { error }) };
}

/** Runs the stories on the training and held-out digits `config` asks for; returns their results. */
export function runTraining(config: TrainConfig, mnist: Mnist, events: TrainingEvents = {}): StoryResult[] {
  const data = { train: head(mnist.train, config.train), test: head(mnist.test, config.test) };
  const stories = selectedStories(config);
  return stories.map((story, i) => {
    events.start?.(story, i, stories.length);
    const result = runOne(story, {
      config,
      data,
      step: (curve, loss, step, total) => events.step?.(story.id, curve, loss, step, total),
      phase: (text) => events.phase?.(story.id, text),
    });
    events.done?.(result, i, stories.length);
    return result;
  });
}
