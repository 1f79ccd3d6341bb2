// `pnpm demo:train`'s worker thread: loads the digits from node_modules and runs the training stories (and the
// kernels' helper threads) so the main thread can keep its progress line moving.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainConfig } from '../train/config.js';
import { readDigitsFiles } from '../train/data/mnist-node.js';
import { postTraining } from '../train/messages.js';

void postTraining(workerData as TrainConfig, readDigitsFiles, (message) => parentPort!.postMessage(message));
