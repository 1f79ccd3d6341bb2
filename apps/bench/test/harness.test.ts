// The harness: flags and --help, the row schema and the rows a timing becomes, the cross-check that aborts a wrong
// row, timing summaries, ways timed side by side, tables, headline ratios and the report files.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wasmFeatures } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { HELP, parseBenchArgs } from '../src/harness/args.js';
import { headlineChart } from '../src/harness/chart.js';
import { CrossCheckError, crossCheck } from '../src/harness/crosscheck.js';
import { type Environment, threadsNote } from '../src/harness/env.js';
import { headlines } from '../src/harness/headlines.js';
import { measure, summarize } from '../src/harness/measure.js';
import { latestMarkdown, writeLatest, writeSuiteResults } from '../src/harness/report.js';
import { checkRow, msRow, rateRow, ratioRow, rowProblems } from '../src/harness/rows.js';
import { formatValue, markdownTable, pivot, textTable } from '../src/harness/table.js';
import { type Row, SUITES, type SuiteContext } from '../src/harness/types.js';
import { timeCheckedWays, timeWays } from '../src/harness/ways.js';

const row = (overrides: Partial<Row> = {}): Row => ({
  suite: 'kernels',
  case: 'gemm 512',
  impl: '@bn',
  threads: 1,
  metric: 'gflops',
  value: 4.5,
  unit: 'GFLOP/s',
  ...overrides,
});

describe('flags', () => {
  it('defaults to every suite, full mode, the results folder', () => {
    expect(parseBenchArgs([])).toEqual({
      kind: 'run',
      args: { suites: ['kernels', 'vmap', 'nn', 'models', 'grad', 'train'], quick: false, out: undefined },
    });
  });

  it('takes suites repeated or comma-separated, in the canonical order', () => {
    expect(parseBenchArgs(['--suite', 'models,nn,kernels', '--quick', '--out', '/tmp/x'])).toEqual({
      kind: 'run',
      args: { suites: ['kernels', 'nn', 'models'], quick: true, out: '/tmp/x' },
    });
    expect(parseBenchArgs(['--suite', 'vmap', '--suite', 'kernels'])).toMatchObject({
      args: { suites: ['kernels', 'vmap'] },
    });
  });

  it('names an unknown suite or flag', () => {
    expect(parseBenchArgs(['--suite', 'gpu'])).toEqual({
      kind: 'error',
      problem: "--suite: expected kernels, vmap, nn, models, grad, train, but got 'gpu'",
    });
    const unknown = parseBenchArgs(['--fast']);
    expect(unknown.kind).toBe('error');
    expect(unknown.kind === 'error' && unknown.problem).toContain("Unknown option '--fast'");
    expect(parseBenchArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it('lists every suite in --help, each with what it measures', () => {
    expect(HELP).toContain(`--suite ${SUITES.join('|')}`);
    for (const suite of SUITES) expect(HELP).toMatch(new RegExp(`^ +${suite} +\\S`, 'm'));
  });
});

describe('rows', () => {
  it('accepts the schema, @bn-<variant> and the peers', () => {
    expect(rowProblems(row())).toEqual([]);
    expect(rowProblems(row({ impl: '@bn-vmap', threads: 2 }))).toEqual([]);
    expect(
      rowProblems(row({ impl: 'onnxruntime-node', metric: 'ms_per_img', unit: 'ms', spread: [1, 2] })),
    ).toEqual([]);
  });

  it('names every problem of a bad row', () => {
    const bad = row({
      suite: 'gpu' as never,
      impl: 'torch' as never,
      threads: 0,
      unit: 'ms',
      value: Number.NaN,
    });
    expect(rowProblems(bad)).toEqual([
      "suite: expected one of kernels, vmap, nn, models, grad, train, got 'gpu'",
      "impl: expected @bn, @bn-<variant> or one of tfjs-backend-cpu, tfjs-backend-wasm, jax-js, onnxruntime-node, pytorch, got 'torch'",
      'threads: expected a positive integer, got 0',
      "unit: expected 'GFLOP/s' for gflops, got 'ms'",
      'value: expected a finite number, got NaN',
    ]);
    expect(() => checkRow(row({ spread: [3, 1] }))).toThrow(/spread: expected \[low, high\]/);
  });

  it('turns a timing into GFLOP/s or MB/s with the spread from the slowest to the fastest run', () => {
    const base = { suite: 'kernels', case: 'c', impl: '@bn', threads: 1 } as const;
    const timing = { ms: 500, min: 400, max: 1000 };
    expect(rateRow(base, 'gflops', 2e9, timing)).toEqual(row({ case: 'c', value: 4, spread: [2, 5] }));
    expect(rateRow({ ...base, suite: 'nn' }, 'mb_per_s', 2e6, timing)).toEqual(
      row({ suite: 'nn', case: 'c', metric: 'mb_per_s', unit: 'MB/s', value: 4, spread: [2, 5] }),
    );
  });

  it('turns a timing into ms, and a quotient into a ratio, each a valid row', () => {
    const base = { suite: 'nn', case: 'c', impl: '@bn', threads: 1 } as const;
    const ms = msRow(base, { ms: 5, min: 4, max: 9 });
    expect(ms).toEqual({ ...base, metric: 'ms', unit: 'ms', value: 5, spread: [4, 9] });
    expect(ratioRow(base, 1.5)).toEqual({ ...base, metric: 'ratio', unit: 'x', value: 1.5 });
    expect(rowProblems(ms)).toEqual([]);
    expect(rowProblems(ratioRow(base, 1.5))).toEqual([]);
  });
});

describe('cross-check', () => {
  it('passes within atol + rtol |expected| and aborts with the worst element otherwise', () => {
    expect(() => crossCheck('ok', [1.0005, 2], [1, 2], { rtol: 1e-3, atol: 0 })).not.toThrow();
    expect(() => crossCheck('gemm 4 tfjs', [1, 2.5, 3.01], [1, 2, 3], { rtol: 1e-3, atol: 1e-4 })).toThrow(
      new CrossCheckError('gemm 4 tfjs: element 1 is 2.5, expected 2 (rtol 0.001, atol 0.0001)'),
    );
    expect(() => crossCheck('nan', [Number.NaN], [0])).toThrow(CrossCheckError);
    expect(() => crossCheck('short', [1], [1, 2])).toThrow('short: 1 values, expected 2');
  });
});

describe('timing', () => {
  it('summarizes the median and the spread', () => {
    expect(summarize([3, 1, 2])).toEqual({ ms: 2, min: 1, max: 3, runs: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ ms: 2.5, min: 1, max: 4, runs: 4 });
    expect(() => summarize([])).toThrow(RangeError);
  });

  it('runs warm-ups, then at least minRuns timed runs, each awaited before the next', async () => {
    let calls = 0;
    let running = 0;
    let overlapped = false;
    const t = await measure(
      async () => {
        calls++;
        overlapped ||= running > 0;
        running++;
        await new Promise((r) => setTimeout(r, 1));
        running--;
      },
      { warmup: 2, minRuns: 3, minTime: 0 },
    );
    expect([calls, t.runs, overlapped]).toEqual([5, 3, false]);
  });

  it('keeps timing until minTime, but not beyond maxRuns', async () => {
    const t = await measure(() => {}, { warmup: 0, minRuns: 1, minTime: 1e9, maxRuns: 4 });
    expect(t.runs).toBe(4);
  });
});

describe('ways timed side by side', () => {
  /** A context that keeps the rows and the progress labels. */
  function context(quick: boolean) {
    const rows: Row[] = [];
    const labels: string[] = [];
    const ctx: SuiteContext = {
      quick,
      record: (r) => rows.push(r),
      progress: (label) => labels.push(label),
      skip: () => {},
    };
    return { ctx, rows, labels };
  }

  /** Ways that count their calls and return `values`; each takes 0.1 ms, so that a ratio of medians is finite. */
  function counted(values: Record<'vmap' | 'loop', number[]>) {
    const calls = { vmap: 0, loop: 0 };
    const way = (name: keyof typeof calls) => () => {
      calls[name]++;
      const start = performance.now();
      while (performance.now() - start < 0.1) {}
      return { toTypedArray: () => values[name] };
    };
    return { calls, ways: { vmap: way('vmap'), loop: way('loop') } };
  }

  const comparison = {
    suite: 'vmap',
    name: 'net B=2',
    threads: 1,
    options: { warmup: 1, minRuns: 2, minTime: 0 },
  } as const;

  it('records an ms row per way in order, then each ratio, and returns the timings', async () => {
    const { ctx, rows, labels } = context(false);
    const { calls, ways } = counted({ vmap: [1], loop: [1] });
    const timings = await timeWays(ctx, { ...comparison, ways, ratios: [['loop', 'vmap']] });
    expect(calls).toEqual({ vmap: 3, loop: 3 });
    expect(labels).toEqual(['vmap: net B=2 vmap', 'vmap: net B=2 loop']);
    expect(rows.map((r) => [r.case, r.metric, r.impl, r.threads])).toEqual([
      ['net B=2 vmap', 'ms', '@bn', 1],
      ['net B=2 loop', 'ms', '@bn', 1],
      ['net B=2 loop/vmap', 'ratio', '@bn', 1],
    ]);
    expect(rows[2]!.value).toBe(timings.loop.ms / timings.vmap.ms);
    for (const r of rows) expect(rowProblems(r)).toEqual([]);
  });

  it('times each way once in a quick run', async () => {
    const { calls, ways } = counted({ vmap: [1], loop: [1] });
    await timeWays(context(true).ctx, { ...comparison, ways, ratios: [] });
    expect(calls).toEqual({ vmap: 1, loop: 1 });
  });

  it('checks two ways against each other first: a disagreement records nothing and times nothing', async () => {
    const agreeing = counted({ vmap: [1, 2], loop: [1, 2.00001] });
    const ok = context(true);
    await timeCheckedWays(ok.ctx, ['vmap', 'loop'], { ...comparison, ways: agreeing.ways, ratios: [] });
    expect(ok.labels[0]).toBe('vmap: net B=2 vmap vs loop');
    expect(ok.rows).toHaveLength(2);
    const differing = counted({ vmap: [1, 2], loop: [1, 3] });
    const bad = context(true);
    const check = timeCheckedWays(bad.ctx, ['vmap', 'loop'], {
      ...comparison,
      ways: differing.ways,
      ratios: [],
    });
    await expect(check).rejects.toThrow(
      new CrossCheckError('net B=2 vmap vs loop: element 1 is 2, expected 3 (rtol 0.0001, atol 0.00001)'),
    );
    expect([bad.rows, differing.calls]).toEqual([[], { vmap: 1, loop: 1 }]);
  });
});

describe('reports', () => {
  const resnet = (impl: Row['impl'], threads: number, value: number) =>
    row({ suite: 'models', case: 'resnet18 224 b8', impl, threads, metric: 'ms_per_img', unit: 'ms', value });
  const rows: Row[] = [
    row({ value: 27 }),
    row({ threads: 2, value: 45 }),
    row({ impl: '@bn-js', value: 3.6 }),
    row({ impl: 'tfjs-backend-wasm', value: 22.5 }),
    row({ impl: 'tfjs-backend-cpu', value: 0.6 }),
    row({ case: 'conv3x3 64ch 56x56 b8', threads: 2, value: 50 }),
    row({ case: 'conv3x3 64ch 56x56 b8', impl: '@bn-vmap', threads: 2, value: 48 }),
    row({ suite: 'vmap', case: 'resnet18 B=8 N=4 loop/vmap', metric: 'ratio', unit: 'x', value: 1.4 }),
    resnet('@bn', 1, 40),
    resnet('@bn', 2, 24),
    resnet('tfjs-backend-wasm', 1, 96),
    resnet('onnxruntime-node', 1, 20),
    resnet('onnxruntime-node', 2, 12),
  ];
  const env: Environment = {
    date: '2026-11-25T01:00:00.000Z',
    cpu: 'Test CPU',
    cores: 2,
    os: 'linux',
    node: '20',
    v8: '11',
    malloc: 'glibc defaults',
    wasm: wasmFeatures(),
    packages: { '@bn/tensor': '0.0.0' },
  };

  it('pivots a suite into one column per implementation and thread count', () => {
    const table = pivot(rows.filter((r) => r.suite === 'models'));
    expect(table.header).toEqual([
      'case',
      'metric',
      '@bn',
      '@bn (2 threads)',
      'tfjs-backend-wasm',
      'onnxruntime-node',
      'onnxruntime-node (2 threads)',
    ]);
    expect(table.lines).toEqual([
      ['resnet18 224 b8', 'ms_per_img (ms)', '40.0', '24.0', '96.0', '20.0', '12.0'],
    ]);
    expect(textTable(table).split('\n')[1]).toMatch(/^-+ {2}-+/);
    expect(markdownTable(table).split('\n')[1]).toBe('| --- | --- | --- | --- | --- | --- | --- |');
    expect([formatValue(0.01234), formatValue(123.4), formatValue(4)]).toEqual(['0.0123', '123', '4.00']);
  });

  it("computes the issue's headline ratios from the rows present", () => {
    const rounded = headlines(rows).map((h) => ({ ...h, value: Number(h.value.toPrecision(6)) }));
    expect(rounded).toEqual([
      { label: 'GEMM 512: @bn / tfjs-backend-wasm GFLOP/s', value: 1.2, better: 'higher' },
      { label: 'GEMM 512: @bn (2 threads) / tfjs-backend-wasm GFLOP/s', value: 2, better: 'higher' },
      { label: 'GEMM 512: @bn-js / tfjs-backend-cpu GFLOP/s', value: 6, better: 'higher' },
      {
        label: 'conv under vmap: @bn-vmap (2 threads) / @bn (2 threads) GFLOP/s',
        value: 0.96,
        better: 'higher',
      },
      { label: 'ResNet-18 224 b8: @bn (2 threads) / tfjs-backend-wasm ms/img', value: 0.25, better: 'lower' },
      { label: 'ResNet-18 224 b8: @bn / onnxruntime-node ms/img', value: 2, better: 'lower' },
      {
        label: 'ResNet-18 224 b8: @bn (2 threads) / onnxruntime-node (2 threads) ms/img',
        value: 2,
        better: 'lower',
      },
      { label: 'ResNet-18 B=8 N=4: loop / vmap time', value: 1.4, better: 'higher' },
    ]);
    const svg = headlineChart(headlines(rows), 'title & more');
    expect(svg.match(/<rect /g)).toHaveLength(8);
    expect(svg).toContain('title &amp; more');
    expect(svg).toContain('0.250x');
  });

  it("computes the grad suite's headlines with their targets, a conv gradient's at its lowest layer", () => {
    const grad = (c: string, impl: Row['impl'], metric: Row['metric'], value: number, threads = 1) =>
      row({ suite: 'grad', case: c, impl, threads, metric, unit: metric === 'ratio' ? 'x' : 'ms', value });
    const gradRows: Row[] = [
      grad('simplecnn 28 B=64 vmap', '@bn', 'ms', 300),
      grad('simplecnn 28 B=64 vmap', 'pytorch', 'ms', 200),
      grad('simplecnn 28 B=64 loop/vmap', '@bn', 'ratio', 1.5),
      grad('resnet18 patched 64 B=16 loop/vmap', '@bn', 'ratio', 2.5),
      grad('conv3x3 64ch 56x56 input grad/forward', '@bn', 'ratio', 0.9),
      grad('conv1x1 256ch 28x28 input grad/forward', '@bn', 'ratio', 0.7),
      grad('conv3x3 64ch 56x56 weight grad/forward', '@bn', 'ratio', 1.1),
      grad('conv3x3 64ch 56x56 weight grad/forward', '@bn', 'ratio', 0.5, 2),
      grad('resnet18 224 b8 train step', '@bn', 'ms_per_img', 200),
      grad('resnet18 224 b8 train step', 'pytorch', 'ms_per_img', 100),
    ];
    expect(headlines(gradRows)).toEqual([
      {
        label: 'SimpleCNN B=64 per-sample grads: loop / vmap(grad) time',
        value: 1.5,
        better: 'higher',
        target: 1,
      },
      { label: 'SimpleCNN B=64 vmap(grad): @bn / pytorch time', value: 1.5, better: 'lower' },
      {
        label: 'ResNet-18 patched 64px B=16 per-sample grads: loop / vmap(grad) time',
        value: 2.5,
        better: 'higher',
        target: 3,
      },
      {
        label: 'conv input gradient / forward GFLOP/s (@bn, lowest of 2 ResNet layers: conv1x1 256ch 28x28)',
        value: 0.7,
        better: 'higher',
        target: 0.8,
      },
      {
        label: 'conv weight gradient / forward GFLOP/s (@bn, lowest of 1 ResNet layers: conv3x3 64ch 56x56)',
        value: 1.1,
        better: 'higher',
        target: 0.8,
      },
      {
        label:
          'conv weight gradient / forward GFLOP/s (@bn (2 threads), lowest of 1 ResNet layers: conv3x3 64ch 56x56)',
        value: 0.5,
        better: 'higher',
        target: 0.8,
      },
      { label: 'ResNet-18 224 b8 training step: @bn / pytorch ms/img', value: 2, better: 'lower', target: 2 },
    ]);
    const md = latestMarkdown(env, gradRows, ['grad']);
    expect(md).toContain(
      '- ResNet-18 patched 64px B=16 per-sample grads: loop / vmap(grad) time: **2.50x** ' +
        '(higher is better for @bn; target >= 3x: not met)',
    );
    expect(md).toContain(
      '- ResNet-18 224 b8 training step: @bn / pytorch ms/img: **2.00x** (lower is better for @bn; target <= 2x: met)',
    );
  });

  it("computes the train suite's headlines as time ratios of img/s, with the issue's targets", () => {
    const train = (c: string, impl: Row['impl'], value: number, metric: Row['metric'] = 'img_per_s') =>
      row({ suite: 'train', case: c, impl, metric, unit: metric === 'ratio' ? 'x' : 'img/s', value });
    const trainRows: Row[] = [
      train('simplecnn 28 B=64 sgd step', '@bn', 400),
      train('simplecnn 28 B=64 sgd step', 'pytorch', 800),
      train('simplecnn 28 B=64 sgd step', 'jax-js', 100),
      train('simplecnn 28 B=64 dp-sgd step', '@bn', 100),
      train('simplecnn 28 B=64 dp-sgd step', 'pytorch', 300),
      train('ensemble K=4 simplecnn-bn 28 B=64 loop/vmap', '@bn', 1.6, 'ratio'),
      train('ensemble K=4 simplecnn-bn 28 B=64 vmap', '@bn', 500),
      train('ensemble K=4 simplecnn-bn 28 B=64 vmap', 'pytorch', 250),
    ];
    expect(headlines(trainRows)).toEqual([
      { label: 'SimpleCNN B=64 SGD step: @bn / pytorch time', value: 2, better: 'lower' },
      { label: 'SimpleCNN B=64 SGD step: @bn / jax-js time', value: 0.25, better: 'lower', target: 1 },
      { label: 'SimpleCNN B=64 DP-SGD step: @bn / pytorch time', value: 3, better: 'lower', target: 2 },
      {
        label: 'Ensemble of 4 SimpleCNN-BN B=64 training: K separate steps / one vmap time',
        value: 1.6,
        better: 'higher',
        target: 1.5,
      },
      {
        label: 'Ensemble of 4 SimpleCNN-BN B=64 under vmap: @bn / pytorch time',
        value: 0.5,
        better: 'lower',
      },
    ]);
  });

  it('says which implementations run threads', () => {
    expect(threadsNote({ ...env, wasm: { ...env.wasm, threads: true } })).toBe(
      'multi-threaded: @bn (WebAssembly threads, shared memory) and onnxruntime-node (native threads); ' +
        'tfjs-backend-wasm and jax-js run single-threaded in Node',
    );
    expect(threadsNote({ ...env, wasm: { ...env.wasm, threads: false } })).toMatch(
      /^multi-threaded: onnxruntime-node \(native threads\) only; @bn \(no shared WebAssembly memory here\)/,
    );
  });

  it('writes <date>-<suite>.json with { env, rows }, latest.md and latest.svg', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bn-bench-'));
    const files = writeSuiteResults(dir, env, rows, ['kernels', 'models']);
    expect(files).toEqual([join(dir, '2026-11-25-kernels.json'), join(dir, '2026-11-25-models.json')]);
    const kernels = JSON.parse(readFileSync(files[0]!, 'utf8')) as { env: Environment; rows: Row[] };
    expect(kernels.env).toEqual(env);
    expect(kernels.rows).toEqual(rows.slice(0, 7));
    writeLatest(dir, env, rows, ['kernels', 'vmap', 'models']);
    const md = readFileSync(join(dir, 'latest.md'), 'utf8');
    expect(md).toBe(latestMarkdown(env, rows, ['kernels', 'vmap', 'models']));
    expect(md).toContain(`relaxed SIMD ${env.wasm.relaxedSimd ? 'yes' : 'no'}; ${threadsNote(env)}.`);
    expect(md).toContain('- GEMM 512: @bn / tfjs-backend-wasm GFLOP/s: **1.20x** (higher is better for @bn)');
    expect(md).toContain(
      '## models\n\n| case | metric | @bn | @bn (2 threads) | tfjs-backend-wasm | onnxruntime-node | onnxruntime-node (2 threads) |',
    );
    expect(readFileSync(join(dir, 'latest.svg'), 'utf8')).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
  });
});
