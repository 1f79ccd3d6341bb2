// The training stories in the order they are told.
import type { TrainStory } from '../types.js';
import { perSample } from './per-sample.js';

export const TRAIN_STORIES: TrainStory[] = [perSample];
