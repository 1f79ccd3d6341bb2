// The training stories in the order they are told.
import type { TrainStory } from '../types.js';
import { dpSgd } from './dp-sgd.js';
import { ensemble } from './ensemble.js';
import { namedAxis } from './named-axis.js';
import { perSample } from './per-sample.js';
import { resnet } from './resnet.js';

export const TRAIN_STORIES: TrainStory[] = [perSample, dpSgd, namedAxis, ensemble, resnet];
