// The terminal demo's worker thread: runs the story (and the kernels' helper threads it starts) so the main thread
// can keep its progress line moving.
import { parentPort, workerData } from 'node:worker_threads';
import type { DemoConfig } from '../story/config.js';
import { postStory } from '../story/messages.js';

void postStory(workerData as DemoConfig, (message) => parentPort!.postMessage(message));
