// A model constructor that throws midway (a bad normLayer at the third block) has already drawn the initial values
// of the layers before it from the default generator: put it back, so bad input changes nothing.
import { defaultGenerator } from '@bn/tensor';

/** Runs `build`; if it throws, restores the default generator's state first. */
export function restoreGeneratorOnThrow<T>(build: () => T): T {
  const state = defaultGenerator.getState();
  try {
    return build();
  } catch (e) {
    defaultGenerator.setState(state);
    throw e;
  }
}
