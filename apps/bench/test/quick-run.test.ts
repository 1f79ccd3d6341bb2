// One `pnpm bench --quick` run of the built CLI at tiny sizes: every suite runs each family of its cases and records
// valid rows for @bn (at each of its thread counts and variants) and the peers, and writes its result file. No
// figure is asserted: benchmarks inform, tests check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rowProblems } from '../src/harness/rows.js';
import { column } from '../src/harness/table.js';
import { type Row, SUITES } from '../src/harness/types.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('pnpm bench --quick', () => {
  it('runs every suite and writes valid rows', () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`pnpm build\` first`);
    const out = mkdtempSync(join(tmpdir(), 'bn-bench-quick-'));
    const { status, stdout, stderr } = spawnSync(process.execPath, [cli, '--quick', '--out', out], {
      encoding: 'utf8',
    });
    expect(status, stderr).toBe(0);
    for (const suite of SUITES) expect(stdout).toContain(`## ${suite}`);
    const files = readdirSync(out).sort();
    expect(files.map((f) => f.replace(/^\d{4}-\d{2}-\d{2}-/, ''))).toEqual(
      SUITES.map((suite) => `${suite}.json`).sort(),
    );
    const rows = files.flatMap(
      (f) => (JSON.parse(readFileSync(join(out, f), 'utf8')) as { rows: Row[] }).rows,
    );
    for (const row of rows) expect(rowProblems(row), JSON.stringify(row)).toEqual([]);
    const impls = new Set(rows.map((r) => r.impl));
    for (const impl of ['@bn', 'tfjs-backend-cpu', 'tfjs-backend-wasm', 'onnxruntime-node'])
      expect(impls).toContain(impl);
    const bnRuns = (suite: string) =>
      [...new Set(rows.filter((r) => r.suite === suite && r.impl.startsWith('@bn')).map(column))].sort();
    expect(bnRuns('kernels')).toEqual(['@bn', '@bn (2 threads)', '@bn-js', '@bn-vmap (2 threads)']);
    expect(bnRuns('models')).toEqual(['@bn', '@bn (2 threads)']);
    expect(bnRuns('vmap')).toEqual(['@bn']);
    expect(bnRuns('nn')).toEqual(['@bn']);
    expect(bnRuns('grad')).toEqual(['@bn', '@bn (2 threads)']);
    expect(bnRuns('train')).toEqual(['@bn']);
    const metrics = (suite: string) => [
      ...new Set(rows.filter((r) => r.suite === suite).map((r) => r.metric)),
    ];
    expect(metrics('kernels')).toEqual(['gflops']);
    expect(metrics('vmap').sort()).toEqual(['ms', 'ratio']);
    expect(metrics('nn').sort()).toEqual(['mb_per_s', 'ms', 'ratio']);
    expect(metrics('models').sort()).toEqual(['gflops', 'ms_per_img', 'ratio']);
    expect(metrics('grad').sort()).toEqual(['gflops', 'ms', 'ms_per_img', 'ratio']);
    expect(metrics('train').sort()).toEqual(['img_per_s', 'ratio']);
    const cases = (suite: string) => rows.filter((r) => r.suite === suite).map((r) => r.case);
    const families = {
      kernels: ['gemm ', 'conv3x3 ', 'add '],
      vmap: ['resnet18 ', 'regnetY400mf ', 'convnet ', 'mlp '],
      nn: ['cnn ', 'axisName BatchNorm ', 'ensemble ', 'safetensors '],
      models: ['resnet18 ', 'regnetY400mf '],
      grad: [
        'simplecnn ',
        'resnet18 patched ',
        'resnet18 32 b2 train step',
        'conv3x3 ',
        'conv1x1 ',
        'conv3x3s2 ',
      ],
      train: [
        'simplecnn 12 B=4 sgd step',
        'simplecnn 12 B=4 dp-sgd step',
        'ensemble K=2 simplecnn-bn 12 B=4 ',
      ],
    };
    const missing = Object.entries(families).flatMap(([suite, prefixes]) =>
      prefixes.filter((p) => !cases(suite).some((c) => c.startsWith(p))).map((p) => `${suite}: ${p}`),
    );
    expect(missing).toEqual([]);
    expect(files.some((f) => f === 'latest.md')).toBe(false);
  });
});
