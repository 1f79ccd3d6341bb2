// What a training story is, what it reports (facts, checked claims, loss curves, numbers) and how it tells its
// progress, shared by the runner, the terminal and the web page.

import type { StoryId, TrainConfig } from './config.js';
import type { Mnist } from './data/mnist.js';

/** A claim the story checks: a difference within a tolerance, or a plain yes/no. */
export interface Check {
  what: string;
  ok: boolean;
  maxDiff?: number;
  tolerance?: number;
}

/** One training run's loss after each step. */
export interface Curve {
  label: string;
  losses: number[];
}

export interface StoryReport {
  /** Lines of what happened, in order (settings, accuracies, times, the error vmap threw). */
  facts: string[];
  checks: Check[];
  curves: Curve[];
  /** The numbers behind the facts, by name (accuracies in [0, 1], times in ms), for JSON and tests. */
  metrics: Record<string, number>;
}

export interface StoryContext {
  config: TrainConfig;
  data: Mnist;
  /** A training step of `curve` ended with `loss` (step from 1 of `total`). */
  step(curve: string, loss: number, step: number, total: number): void;
  /** What the story is doing now ("the loop of grad over 64 digits"). */
  phase(text: string): void;
}

export interface TrainStory {
  id: StoryId;
  title: string;
  /** The line of code the story is about. */
  code: string;
  run(ctx: StoryContext, report: StoryReport): void;
}

/** A story's report with its description, verdict (every check passed, nothing threw) and duration. */
export interface StoryResult extends StoryReport {
  id: StoryId;
  title: string;
  code: string;
  ok: boolean;
  ms: number;
  /** What the story itself threw, if it did. */
  error?: string;
}
