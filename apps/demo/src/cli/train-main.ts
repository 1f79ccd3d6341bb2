// `pnpm demo:train`: the training stories in the terminal. Parses the flags, runs the stories in a worker thread
// while a progress line shows the story, its phase and its last loss (on a pipe: each story's title as it starts),
// prints each story as it ends and a summary (or JSON), and exits 0 only if every check passed.
import { Worker } from 'node:worker_threads';
import { type Kernels, kernelsText } from '../story/kernels.js';
import type { TrainMessage } from '../train/messages.js';
import type { StoryResult } from '../train/types.js';
import { settingsToRun } from './flags.js';
import { Progress } from './progress.js';
import { parseTrainArgs, trainHelpText } from './train-args.js';
import { storyText, storyTitle, trainIntroText, trainSummaryText } from './train-render.js';

const settings = settingsToRun(parseTrainArgs(process.argv.slice(2)), trainHelpText);
if (settings) {
  const { config, json } = settings;
  if (!json) console.log(trainIntroText(config));
  const progress = new Progress(process.stderr, !json);
  const worker = new Worker(new URL('./train-worker.js', import.meta.url), { workerData: config });
  let kernels: Kernels | undefined;
  let story = '';
  const log = (text: string) => {
    if (!json) console.log(text);
  };
  worker.on('message', (message: TrainMessage) => {
    if (message.type === 'kernels') {
      kernels = message.kernels;
      log(kernelsText(kernels));
    } else if (message.type === 'data') {
      log(
        `data: ${message.train} training and ${message.test} held-out MNIST digits (loaded in ${(message.ms / 1000).toFixed(2)} s)\n`,
      );
    } else if (message.type === 'start') {
      story = `[${message.index + 1}/${message.total}] ${message.id}`;
      // on a pipe no progress line is drawn: the title goes out now, and the story's text under it when it ends
      if (progress.drawing) progress.start(`${story}: ${message.title}`);
      else log(storyTitle(message, message.index, message.total));
    } else if (message.type === 'phase') {
      progress.update(`${story}: ${message.text}`);
    } else if (message.type === 'step') {
      progress.update(
        `${story}: ${message.curve}, step ${message.step}/${message.total}, loss ${message.loss.toFixed(3)}`,
      );
    } else if (message.type === 'done') {
      progress.stop();
      log(storyText(message.result, message.index, message.total, progress.drawing));
    } else if (message.type === 'end') {
      finish(message.results);
    } else {
      progress.stop();
      console.error(`error: the training demo stopped: ${message.message}`);
      process.exitCode = 1;
    }
  });
  worker.on('error', (e) => {
    progress.stop();
    console.error(`error: the training demo's worker failed: ${e.stack ?? e.message}`);
    process.exitCode = 1;
  });

  function finish(results: StoryResult[]): void {
    const ok = results.every((r) => r.ok);
    if (json) console.log(JSON.stringify({ config, kernels, ok, stories: results }, null, 2));
    else console.log(trainSummaryText(results));
    process.exitCode = ok ? 0 : 1;
    void worker.terminate();
  }
}
