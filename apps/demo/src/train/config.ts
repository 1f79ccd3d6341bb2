// The training stories' settings (which stories, how much data, how long), their defaults and their checks, shared
// by the terminal (`pnpm demo:train` flags) and the web page (`train.html` query parameters).
import { type Limits, readIntegers } from '../story/config.js';

export const STORY_IDS = ['per-sample', 'dp-sgd', 'named-axis', 'ensemble', 'resnet'] as const;
export type StoryId = (typeof STORY_IDS)[number];

export interface TrainConfig {
  stories: StoryId[];
  /** Per-sample gradients (story 1): how many digits vmap maps over. */
  samples: number;
  /** Training digits each training story uses (the first of the 8,000), and held-out digits it is scored on. */
  train: number;
  test: number;
  epochs: number;
  /** The training batch of the SimpleCNN stories (2-4). */
  batch: number;
  /** Ensemble members (story 4). */
  members: number;
  /** ResNet-18's training steps and batch (story 5). */
  steps: number;
  resnetBatch: number;
  seed: number;
}

type IntegerSetting = Exclude<keyof TrainConfig, 'stories'>;

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  stories: [...STORY_IDS],
  samples: 64,
  train: 4000,
  test: 2000,
  epochs: 1,
  batch: 64,
  members: 4,
  steps: 200,
  resnetBatch: 16,
  seed: 0,
};

export const TRAIN_LIMITS = {
  samples: { min: 1, max: 1024 },
  train: { min: 2, max: 8000 },
  test: { min: 1, max: 2000 },
  epochs: { min: 1, max: 100 },
  batch: { min: 2, max: 1024 },
  members: { min: 1, max: 16 },
  steps: { min: 1, max: 100_000 },
  resnetBatch: { min: 2, max: 256 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
} as const satisfies Record<IntegerSetting, Limits[string]>;

/** The settings given as text (flags or query parameters); absent ones keep their default. */
export type TrainConfigText = Partial<Record<keyof TrainConfig, string>>;

/** A setting as a flag: `--resnet-batch` for `resnetBatch`. */
export const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * The config `text` describes and its problems (empty when valid), each naming the setting as `name` spells it
 * (`flagName` for the terminal, the key itself for a query parameter). `stories` is a comma-separated list of story
 * ids. A batch must fit in the training digits.
 */
export function readTrainConfig(
  text: TrainConfigText,
  name: (key: string) => string,
): { config: TrainConfig; problems: string[] } {
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, stories: [...DEFAULT_TRAIN_CONFIG.stories] };
  const problems = readIntegers(text, TRAIN_LIMITS, config, name);
  if (text.stories !== undefined) {
    const ids = text.stories.split(',').filter((id) => id !== '');
    const unknown = ids.filter((id) => !(STORY_IDS as readonly string[]).includes(id));
    if (ids.length === 0 || unknown.length > 0) {
      problems.push(
        `${name('stories')}: expected a comma-separated list of ${STORY_IDS.join(', ')}, but got '${text.stories}'`,
      );
    }
    config.stories = STORY_IDS.filter((id) => ids.includes(id));
  }
  for (const key of ['batch', 'resnetBatch'] as const) {
    if (config[key] > config.train) {
      problems.push(
        `${name(key)}: a batch of ${config[key]} does not fit in ${name('train')} ${config.train}`,
      );
    }
  }
  return { config, problems };
}
