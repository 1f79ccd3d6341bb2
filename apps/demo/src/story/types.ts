// What a step of the story is and what running it yields, shared by the runner, the terminal and the web page.
import type { Tensor } from '@bn/tensor';
import type { DemoConfig } from './config.js';

/** How a step must behave: vmap refuses (the failure), vmap runs and matches the loop, or a diagnostic lists. */
export type Expectation = 'throws' | 'runs' | 'lists';

export interface StepContext {
  config: DemoConfig;
  /** The input: B groups of N images, [B, N, 3, size, size], the same for every step. */
  x: Tensor;
}

/** What a step observed. */
export interface StepOutcome {
  /** Whether vmap ran (null for a step that does not call vmap). */
  ran: boolean | null;
  /** The error vmap threw, whole. */
  error?: string;
  /** What vmap's results were compared with ("the loop over the 4 groups"). */
  reference?: string;
  /** The largest |vmap - reference| over everything compared. */
  maxDiff?: number;
  /** Whether every compared value was within the tolerance. */
  close?: boolean;
  /** Lines that say what else was checked (running stats unchanged, modules listed, ...). */
  details: string[];
  /** Whether the step behaved as `expect` says, every check included. */
  ok: boolean;
}

export interface Step {
  id: string;
  /** The part of the story: "The failure", "Option 1", ..., "Beyond functorch". */
  section: string;
  title: string;
  /** A few words for tables and charts ("normLayer: GroupNorm"). */
  label: string;
  /** The one line of code that makes it work (or fail), for the configured model. */
  code(config: DemoConfig): string;
  expect: Expectation;
  run(ctx: StepContext): StepOutcome;
}

/** A step's outcome with its description and how long it took. */
export interface StepResult extends StepOutcome {
  id: string;
  section: string;
  title: string;
  label: string;
  code: string;
  expect: Expectation;
  ms: number;
}
