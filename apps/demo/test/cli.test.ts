// The terminal demo as a user runs it (the built dist/cli.js in a child process): --help, clear errors and exit 2 for
// bad flags, a small --json run whose steps all behave as expected (exit 0), option 1 on the chosen model, and on a
// pipe why one vmaps a model first, each step's title once and the kernels named (the WebAssembly backend on every
// core).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listModels } from '@bn/models';
import { getNumThreads, wasmFeatures } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/story/config.js';
import type { Kernels } from '../src/story/kernels.js';
import { TRAINING_TEXT, WHY_VMAP } from '../src/story/motivation.js';
import { STEPS } from '../src/story/steps/index.js';
import type { StepResult } from '../src/story/types.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** Node runs the WebAssembly SIMD kernels, on as many threads as cores by default (2 on the CI machine). */
const threads = getNumThreads();

function demo(...args: string[]) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first`);
  const { status, stdout, stderr } = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status, stdout, stderr };
}

describe('pnpm demo', () => {
  it('--help lists every option and exits 0', () => {
    const { status, stdout } = demo('--help');
    expect(status).toBe(0);
    for (const flag of ['--model', '--batch', '--group', '--size', '--seed', '--json', '--help']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('regnetY400mf');
  });

  it('a bad --model lists the valid values and exits 2 without running anything', () => {
    const { status, stdout, stderr } = demo('--model', 'nope');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: --model: expected one of ${listModels().join(', ')}, but got 'nope'`);
    expect(stderr).toContain('Run with --help');
  });

  it('reports every bad flag at once, and unknown flags with the valid ones', () => {
    const bad = demo('--batch', '0', '--size', 'big');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("error: --size: expected an integer from 32 to 224, but got 'big'");
    expect(bad.stderr).toContain("error: --batch: expected an integer from 1 to 64, but got '0'");
    const unknown = demo('--fast');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--fast'");
    expect(unknown.stderr).toContain('--model, --batch, --group, --size, --seed, --json, --help');
  });

  it('--json: every step as expected, exit 0', () => {
    const { status, stdout } = demo('--json', '--model', 'regnetY400mf', '--batch', '2', '--group', '2');
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as {
      ok: boolean;
      config: { model: string };
      kernels: Kernels;
      steps: StepResult[];
    };
    expect(report.ok).toBe(true);
    expect(report.config.model).toBe('regnetY400mf');
    expect(report.kernels).toEqual({
      backend: 'wasm',
      simd: true,
      relaxedSimd: wasmFeatures().relaxedSimd,
      threads,
    });
    expect(report.steps.map((s) => s.id)).toEqual(STEPS.map((s) => s.id));
    expect(report.steps[0]!.error).toContain('in stem.1 (BatchNorm2d)');
    // option 1 runs on the chosen model: its 53 BatchNorm2d changed, checked against the loop
    const option1 = report.steps.filter((s) => s.section.startsWith('Option 1'));
    expect(option1.map((s) => [s.id, s.ran, s.close, s.details[0]!.split(' BatchNorm2d ')[0]])).toEqual([
      ['option1-groupnorm', true, true, '53'],
      ['option1-batchnorm-no-stats', true, true, '53'],
    ]);
    expect(option1[0]!.code).toBe('replaceBatchNormWithGroupNorm_(regnetY400mf({ numClasses: 10 }))');
  });

  it('on a pipe: why vmap first, each step under its title printed once, and the summary', () => {
    const config = { ...DEFAULT_CONFIG, model: 'regnetX400mf', batch: 1, group: 2 };
    const { status, stdout, stderr } = demo('--model', 'regnetX400mf', '--batch', '1', '--group', '2');
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Patching Batch Norm, run for real with @bn',
      WHY_VMAP,
      TRAINING_TEXT,
    ]);
    expect(TRAINING_TEXT).toContain('pnpm demo:train (per-sample, dp-sgd, named-axis, ensemble, resnet;');
    // no progress line on a pipe: each title is printed when its step starts, the step's text under it when it ends
    expect(stderr).toBe('');
    STEPS.forEach((step, i) => {
      const title = `[${i + 1}/${STEPS.length}] ${step.section}: ${step.title}`;
      expect(
        lines.filter((line) => line === title),
        title,
      ).toHaveLength(1);
      expect(lines[lines.indexOf(title) + 1]).toBe(`  code     ${step.code(config)}`);
    });
    expect(stdout).not.toContain('running [');
    expect(stdout).toMatch(new RegExp(`^kernels: wasm \\((relaxed )?SIMD, ${threads} threads?\\)$`, 'm'));
    expect(stdout).toContain('threw, as in functorch');
    expect(stdout).toContain(`All ${STEPS.length} steps behaved as expected`);
  });
});
