// `pnpm demo`: the terminal demo. Parses the flags, runs the story in a worker thread while a progress line moves
// (on a pipe: each step's title as it starts), prints the kernels it runs on, each step as it ends and a summary (or
// JSON), and exits 0 only if every step behaved as expected.
import { Worker } from 'node:worker_threads';
import { TOLERANCE } from '../story/compare.js';
import { type Kernels, kernelsText } from '../story/kernels.js';
import type { StoryMessage } from '../story/messages.js';
import type { StepResult } from '../story/types.js';
import { helpText, parseCliArgs } from './args.js';
import { settingsToRun } from './flags.js';
import { Progress } from './progress.js';
import { introText, stepText, stepTitle, summaryText } from './render.js';

const settings = settingsToRun(parseCliArgs(process.argv.slice(2)), helpText);
if (settings) {
  const { config, json } = settings;
  if (!json) console.log(introText(config));
  const progress = new Progress(process.stderr, !json);
  const worker = new Worker(new URL('./story-worker.js', import.meta.url), { workerData: config });
  let kernels: Kernels | undefined;
  worker.on('message', (message: StoryMessage) => {
    if (message.type === 'kernels') {
      kernels = message.kernels;
      if (!json) console.log(`${kernelsText(kernels)}\n`);
    } else if (message.type === 'start') {
      const title = stepTitle(message, message.index, message.total);
      // on a pipe no progress line is drawn: the title goes out now, and the step's text under it when it ends
      if (progress.drawing) progress.start(title);
      else if (!json) console.log(title);
    } else if (message.type === 'done') {
      progress.stop();
      if (!json) console.log(stepText(message.result, message.index, message.total, progress.drawing));
    } else if (message.type === 'end') {
      finish(message.results);
    } else {
      progress.stop();
      console.error(`error: the demo stopped: ${message.message}`);
      process.exitCode = 1;
    }
  });
  worker.on('error', (e) => {
    progress.stop();
    console.error(`error: the demo's worker failed: ${e.stack ?? e.message}`);
    process.exitCode = 1;
  });

  function finish(results: StepResult[]): void {
    const ok = results.every((r) => r.ok);
    if (json) {
      console.log(JSON.stringify({ config, kernels, tolerance: TOLERANCE, ok, steps: results }, null, 2));
    } else {
      console.log(summaryText(results));
    }
    process.exitCode = ok ? 0 : 1;
  }
}
