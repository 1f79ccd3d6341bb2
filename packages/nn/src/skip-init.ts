// skipInit: build modules without drawing or filling their initial values, for weights that will be loaded anyway
// (torch.nn.utils.skip_init, for any constructor or builder rather than one module class).
import { expectSyncFunction, refusePromise } from '@bn/tensor';

let depth = 0;

/**
 * Runs `build` with every `init` function (and so every layer's default initialisation) turned into a no-op, and
 * returns its result. Parameters keep the values they were allocated with (zeros today; treat them as unspecified)
 * and the default generator is not advanced. Load weights (`loadStateDict`) before using the module. `build` runs
 * synchronously: an async function, or a promise returned, is refused.
 */
export function skipInit<T>(build: () => T): T {
  // an async build would leave skipInit at its first await and initialise the rest
  expectSyncFunction('skipInit', 'build', build);
  depth++;
  let built: T;
  try {
    built = build();
  } finally {
    depth--;
  }
  refusePromise('skipInit', 'build', built);
  return built;
}

/** Whether an initialiser should leave its tensor as it is (inside `skipInit`). */
export function initSkipped(): boolean {
  return depth > 0;
}
