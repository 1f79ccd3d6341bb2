// Running a vmap inside a step (its error becomes the step's outcome), and the check of every fix: vmap over the B
// groups runs and equals the model run on each group in a loop.
import type { Module } from '@bn/nn';
import { Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { compare, loopOverGroups } from './compare.js';
import { errorMessage } from './error-message.js';
import type { StepOutcome } from './types.js';

/** `run()`'s result, or the outcome of a step whose vmap threw (not ran, with the error). */
export function tryVmap(run: () => Tensor, details: string[] = []): Tensor | StepOutcome {
  try {
    return run();
  } catch (e) {
    return { ran: false, error: errorMessage(e), details, ok: false };
  }
}

/** Runs `vmap(model)(x)` (or `mapped(x)`) and the loop; the outcome says whether vmap ran and matched. */
export function vmapVsLoop(
  model: Module,
  x: Tensor,
  mapped: (x: Tensor) => Tensor = (input) => vmap(model)(input) as Tensor,
  details: string[] = [],
): StepOutcome {
  const output = tryVmap(() => mapped(x), details);
  if (!(output instanceof Tensor)) return output;
  const { maxDiff, close } = compare([[output, loopOverGroups((g) => model.forward(g), x)]]);
  const reference = `the loop over the ${x.shape[0]} groups`;
  return { ran: true, reference, maxDiff, close, details, ok: close };
}
