// The training page's module Web Worker: fetches the digits and runs the training stories for the TrainConfig it
// receives, posting every message back (the browser twin of src/cli/train-worker.ts).
import type { TrainConfig } from '../src/train/config.js';
import { postTraining } from '../src/train/messages.js';
import { fetchDigitsFiles } from './digits.js';

self.addEventListener('message', (event: MessageEvent<TrainConfig>) => {
  void postTraining(event.data, fetchDigitsFiles, (message) => self.postMessage(message));
});
