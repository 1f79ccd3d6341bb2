// Runs the story's steps in order on one input and reports each as it starts and ends, for a terminal or a page.
import { Generator, randn, type Tensor } from '@bn/tensor';
import type { DemoConfig } from './config.js';
import { errorMessage } from './error-message.js';
import { STEPS } from './steps/index.js';
import type { Step, StepOutcome, StepResult } from './types.js';

export interface StoryEvents {
  /** A step is about to run (index from 0 of `total`). */
  start?(step: Step, index: number, total: number): void;
  done?(result: StepResult, index: number, total: number): void;
}

/** The step's result: its outcome (a throw outside vmap counts as a failed step), description and duration. */
function runStep(step: Step, config: DemoConfig, x: Tensor): StepResult {
  const start = performance.now();
  let outcome: StepOutcome;
  try {
    outcome = step.run({ config, x });
  } catch (e) {
    outcome = {
      ran: null,
      error: errorMessage(e),
      details: ['the step itself threw'],
      ok: false,
    };
  }
  const { id, section, title, label, expect } = step;
  return {
    id,
    section,
    title,
    label,
    code: step.code(config),
    expect,
    ...outcome,
    ms: performance.now() - start,
  };
}

/** Runs every step (or those whose id is in `only`) on B groups of N seeded images; returns the results. */
export function runStory(
  config: DemoConfig,
  events: StoryEvents = {},
  only?: readonly string[],
): StepResult[] {
  const steps = only ? STEPS.filter((s) => only.includes(s.id)) : STEPS;
  const x = randn([config.batch, config.group, 3, config.size, config.size], {
    generator: new Generator(config.seed),
  });
  return steps.map((step, i) => {
    events.start?.(step, i, steps.length);
    const result = runStep(step, config, x);
    events.done?.(result, i, steps.length);
    return result;
  });
}
