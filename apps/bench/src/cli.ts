// `pnpm bench`: runs the suites (`--suite`, default all; `--quick` for a smoke run), shows a live progress line and
// a table per suite, and writes the result files (see harness/report.ts). Figures only: nothing is asserted.
import { fileURLToPath } from 'node:url';
import { HELP, parseBenchArgs } from './harness/args.js';
import { environment, threadsNote } from './harness/env.js';
import { ProgressLine } from './harness/progress.js';
import { writeLatest, writeSuiteResults } from './harness/report.js';
import { checkRow } from './harness/rows.js';
import { pivot, textTable } from './harness/table.js';
import { type Row, SUITES, type Suite, type SuiteRunner } from './harness/types.js';
import { gradSuite } from './suites/grad.js';
import { kernels } from './suites/kernels.js';
import { models } from './suites/models.js';
import { nn } from './suites/nn.js';
import { trainSuite } from './suites/train.js';
import { vmapSuite } from './suites/vmap.js';

const RUNNERS: Record<Suite, SuiteRunner> = {
  kernels,
  vmap: vmapSuite,
  nn,
  models,
  grad: gradSuite,
  train: trainSuite,
};

const parsed = parseBenchArgs(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(HELP);
} else if (parsed.kind === 'error') {
  console.error(`error: ${parsed.problem}\n\n${HELP}`);
  process.exitCode = 2;
} else {
  const { suites, quick, out } = parsed.args;
  const env = environment();
  console.log(
    `@bn bench${quick ? ' (quick: smoke sizes, not figures)' : ''}: ${suites.join(', ')} on ${env.cpu}, ` +
      `${env.cores} cores, Node ${env.node}; WebAssembly SIMD ${env.wasm.simd}; ${threadsNote(env)}`,
  );
  const rows: Row[] = [];
  const skipped: string[] = [];
  const line = new ProgressLine();
  for (const suite of suites) {
    const started = performance.now();
    await RUNNERS[suite]({
      quick,
      record: (row) => rows.push(checkRow(row)),
      progress: (label) => line.update(label),
      skip: (s, name, impl, reason) => skipped.push(`${s} / ${name} / ${impl}: ${reason}`),
    });
    line.clear();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`\n## ${suite} (${seconds} s)\n\n${textTable(pivot(rows.filter((r) => r.suite === suite)))}`);
  }
  if (skipped.length > 0) console.log(`\nNot measured:\n${skipped.map((s) => `- ${s}`).join('\n')}`);
  const dir = out ?? (quick ? undefined : fileURLToPath(new URL('../results/', import.meta.url)));
  if (dir !== undefined) {
    const written = writeSuiteResults(dir, env, rows, suites);
    if (!quick && suites.length === SUITES.length) written.push(...writeLatest(dir, env, rows, suites));
    console.log(`\nWrote ${written.join(', ')}`);
  }
}
