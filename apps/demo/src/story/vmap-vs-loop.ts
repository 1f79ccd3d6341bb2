// The check of every fix: vmap over the B groups runs and equals the model run on each group in a loop.
import type { Module } from '@bn/nn';
import type { Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { compare, loopOverGroups } from './compare.js';
import type { StepOutcome } from './types.js';

/** Runs `vmap(model)(x)` (or `mapped(x)`) and the loop; the outcome says whether vmap ran and matched. */
export function vmapVsLoop(
  model: Module,
  x: Tensor,
  mapped: (x: Tensor) => Tensor = (input) => vmap(model)(input) as Tensor,
  details: string[] = [],
): StepOutcome {
  let output: Tensor;
  try {
    output = mapped(x);
  } catch (e) {
    return { ran: false, error: e instanceof Error ? e.message : String(e), details, ok: false };
  }
  const { maxDiff, close } = compare([[output, loopOverGroups((g) => model.forward(g), x)]]);
  const reference = `the loop over the ${x.shape[0]} groups`;
  return { ran: true, reference, maxDiff, close, details, ok: close };
}
