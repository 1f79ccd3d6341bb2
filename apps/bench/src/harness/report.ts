// The result files of a run: `<date>-<suite>.json` ({ env, rows }) per suite, and after a full run of every suite
// `latest.md` (environment, headline ratios, one table per suite) and `latest.svg` (the headline chart).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { headlineChart } from './chart.js';
import { type Environment, threadsNote } from './env.js';
import { type Headline, headlines } from './headlines.js';
import { formatValue, markdownTable, pivot } from './table.js';
import type { Row, Suite } from './types.js';

/** Writes `<date>-<suite>.json` (its rows, and the environment) for each of `suites`; returns the paths. */
export function writeSuiteResults(
  dir: string,
  env: Environment,
  rows: readonly Row[],
  suites: readonly Suite[],
): string[] {
  mkdirSync(dir, { recursive: true });
  const date = env.date.slice(0, 10);
  return suites.map((suite) => {
    const path = join(dir, `${date}-${suite}.json`);
    writeFileSync(path, `${JSON.stringify({ env, rows: rows.filter((r) => r.suite === suite) }, null, 2)}\n`);
    return path;
  });
}

/** Whether headline `h` reaches its target. */
const reached = ({ value, better, target = 1 }: Headline): boolean =>
  better === 'higher' ? value >= target : value <= target;

export function latestMarkdown(env: Environment, rows: readonly Row[], suites: readonly Suite[]): string {
  const lines = [
    '# @bn benchmark: latest full run',
    '',
    `${env.date.slice(0, 10)} on ${env.cpu}, ${env.cores} cores, ${env.os}; Node ${env.node} (V8 ${env.v8}); ` +
      `malloc: ${env.malloc};`,
    `WebAssembly SIMD ${env.wasm.simd ? 'yes' : 'no'}, relaxed SIMD ${env.wasm.relaxedSimd ? 'yes' : 'no'}; ` +
      `${threadsNote(env)}. Packages: ` +
      Object.entries(env.packages)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ') +
      '.',
    '',
    'Median of the timed runs after a warm-up, (fastest-slowest) in brackets. Regenerate with `pnpm bench`.',
    '',
    '## Headline ratios',
    '',
    ...headlines(rows).map(
      (h) =>
        `- ${h.label}: **${formatValue(h.value)}x** (${h.better} is better for @bn` +
        (h.target === undefined
          ? ')'
          : `; target ${h.better === 'higher' ? '>=' : '<='} ${h.target}x: ${reached(h) ? 'met' : 'not met'})`),
    ),
    '',
    '![headline ratios](latest.svg)',
  ];
  for (const suite of suites) {
    const suiteRows = rows.filter((r) => r.suite === suite);
    if (suiteRows.length > 0) lines.push('', `## ${suite}`, '', markdownTable(pivot(suiteRows)));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes latest.md and latest.svg; returns their paths. */
export function writeLatest(
  dir: string,
  env: Environment,
  rows: readonly Row[],
  suites: readonly Suite[],
): string[] {
  mkdirSync(dir, { recursive: true });
  const md = join(dir, 'latest.md');
  const svg = join(dir, 'latest.svg');
  writeFileSync(md, latestMarkdown(env, rows, suites));
  writeFileSync(svg, headlineChart(headlines(rows), `@bn vs peers, ${env.date.slice(0, 10)}, ${env.cpu}`));
  return [md, svg];
}
