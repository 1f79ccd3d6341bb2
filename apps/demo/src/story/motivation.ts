// The demo's opening: why one vmaps a model at all, and the training stories that do it for real, shown first by the
// terminal and the page alike.
import { STORY_IDS } from '../train/config.js';

/** Why one maps a model: many models, samples or tasks in one call instead of a loop. */
export const WHY_VMAP =
  'Why vmap a model: one call then runs a whole ensemble, the per-sample gradients of a batch (DP-SGD), or ' +
  "meta-learning's per-task steps, where a loop would run the model once per member, sample or task.";

/** What the training stories are, before where they run. */
export const TRAINING_LEAD = 'The training stories do it on MNIST digits:';

/** The training stories by their ids (the values of `pnpm demo:train --stories`). */
export const TRAINING_STORIES = STORY_IDS.join(', ');

/** The training stories and where they run, for the terminal. */
export const TRAINING_TEXT = `${TRAINING_LEAD} pnpm demo:train (${TRAINING_STORIES}; in a browser: pnpm demo:web, then train.html).`;
