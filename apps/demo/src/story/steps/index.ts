// The story in order: the failure, the four fixes, and what @bn adds.
import type { Step } from '../types.js';
import { beyond } from './beyond.js';
import { failure } from './failure.js';
import { fixes } from './fixes.js';

export const STEPS: readonly Step[] = [failure, ...fixes, ...beyond];
