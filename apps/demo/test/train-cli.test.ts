// `pnpm demo:train` as a user runs it (the built dist/train.js in a child process): --help, clear errors and exit 2
// for bad flags, and a small --json run whose checks all pass (exit 0); on a pipe each story's title once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { perSample } from '../src/train/stories/per-sample.js';
import type { StoryResult } from '../src/train/types.js';

const cli = fileURLToPath(new URL('../dist/train.js', import.meta.url));

function train(...args: string[]) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first`);
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

const SMALL = ['--samples', '4', '--train', '64', '--test', '50', '--batch', '16'];

describe('pnpm demo:train', () => {
  it('--help lists every option and the stories, and exits 0', () => {
    const { status, stdout } = train('--help');
    expect(status).toBe(0);
    for (const flag of [
      '--stories',
      '--samples',
      '--train',
      '--test',
      '--epochs',
      '--batch',
      '--members',
      '--steps',
      '--resnet-batch',
      '--seed',
      '--json',
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('per-sample, dp-sgd, named-axis, ensemble, resnet');
  });

  it('reports every bad flag at once and exits 2 without running anything', () => {
    const { status, stdout, stderr } = train('--stories', 'nope', '--resnet-batch', 'x');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("error: --resnet-batch: expected an integer from 2 to 256, but got 'x'");
    expect(stderr).toContain('error: --stories: expected a comma-separated list of per-sample, dp-sgd');
    expect(train('--fast').stderr).toContain("Unknown option '--fast'");
  });

  it('--json: the stories asked for, every check passed, exit 0', () => {
    const { status, stdout } = train('--json', '--stories', 'per-sample,named-axis', ...SMALL);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { ok: boolean; stories: StoryResult[] };
    expect(report.ok).toBe(true);
    expect(report.stories.map((s) => s.id)).toEqual(['per-sample', 'named-axis']);
  });

  it('prints the data, each story under its title printed once on a pipe, and the summary', () => {
    const { status, stdout, stderr } = train('--stories', 'per-sample', ...SMALL);
    expect(status).toBe(0);
    expect(stdout).toContain('data: 64 training and 50 held-out MNIST digits');
    // no progress line on a pipe: the title is printed when the story starts, its text under it when it ends
    expect(stderr).toBe('');
    const title = `[1/1] ${perSample.title}`;
    expect(stdout.split(title)).toHaveLength(2);
    expect(stdout).toContain(`${title}\n  code     ${perSample.code}`);
    expect(stdout).toContain('Batch norm got a batched tensor as input');
    expect(stdout).toContain('All 1 stories passed their checks');
  });
});
