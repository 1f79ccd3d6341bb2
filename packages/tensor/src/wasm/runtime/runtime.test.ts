// The WebAssembly backend as a whole: choosing backends and thread counts (and their errors), the arena's
// size over thousands of ops, a failing helper thread surfacing as the op's error, helpers never keeping a
// process alive, and the relaxed-SIMD micro-kernel (run in a child Node with the feature switched on).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallIntegers } from '../../../test/small-integers.js';
import { getBackend, setBackend, startThreads } from '../../backend.js';
import { RuntimeError, ValueError } from '../../errors.js';
import { conv2d } from '../../ops/conv.js';
import { fromTypedArray } from '../../ops/creation.js';
import { matmul } from '../../ops/linalg.js';
import { scratchBytes, TASK_BYTES, TASK_FIELDS } from '../emit/linalg.js';
import { affineTable } from '../linalg.js';
import { wasmFeatures } from './features.js';
import { MR, wasmRuntime } from './instance.js';
import { type Job, KERNELS } from './thread-pool.js';
import { getNumThreads, setNumThreads } from './threads.js';

const DIST = fileURLToPath(new URL('../../../dist/index.js', import.meta.url));

/** Runs an ES module script in a child Node (with `flags`) that imports the built package as `t`. */
function runChild(script: string, flags: string[] = []) {
  const source = `import * as t from ${JSON.stringify(DIST)};\n${script}`;
  return spawnSync(process.execPath, [...flags, '--input-type=module', '-e', source], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** A deterministic tensor of small integers in [-3, 3]. */
const integers = (shape: number[], seed: number) =>
  fromTypedArray(
    smallIntegers(
      shape.reduce((a, b) => a * b, 1),
      seed,
      3,
    ),
    shape,
  );

describe('backends', () => {
  const before = getBackend();
  afterAll(() => setBackend(before));

  it('runs on wasm by default where the engine has SIMD (Node 20 has)', () => {
    expect(wasmFeatures().simd).toBe(true);
    expect(wasmRuntime()).not.toBeNull();
  });

  it('switches between wasm and js with equal results on exact (integer) data', () => {
    const a = integers([33, 70], 1);
    const b = integers([70, 45], 2);
    setBackend('js');
    expect(getBackend()).toBe('js');
    const js = matmul(a, b).toTypedArray();
    setBackend('wasm');
    expect(getBackend()).toBe('wasm');
    expect(matmul(a, b).toTypedArray()).toEqual(js);
  });

  it('rejects unknown backends and thread counts, changing nothing', () => {
    setBackend('wasm');
    expect(() => setBackend('gpu' as 'js')).toThrow(
      new ValueError(`setBackend(): expected 'wasm' or 'js', but got "gpu"`),
    );
    expect(getBackend()).toBe('wasm');
    const threads = getNumThreads();
    for (const bad of [0, -1, 1.5, 33, Number.NaN]) {
      expect(() => setNumThreads(bad)).toThrow(
        new ValueError(`setNumThreads(): expected an integer number of threads in [1, 32], but got ${bad}`),
      );
    }
    expect(() => setNumThreads(2, { minWorkPerThread: -1 })).toThrow(
      new ValueError('setNumThreads(): expected minWorkPerThread to be a non-negative number, but got -1'),
    );
    expect(getNumThreads()).toBe(threads);
  });
});

describe('helper threads', () => {
  const before = getNumThreads();
  beforeAll(async () => {
    setBackend('wasm');
    setNumThreads(2, { minWorkPerThread: 0 });
    expect(await startThreads()).toBe(2);
  });
  afterAll(() => setNumThreads(before));

  it('keep the arena at its high-water mark over thousands of ops of varying sizes', () => {
    const arena = wasmRuntime()!.arena;
    const sizes = [5, 17, 32, 48, 64];
    const op = (i: number) => {
      const s = sizes[i % sizes.length]!;
      if (i % 2 === 0) return matmul(integers([s, s + 3], i), integers([s + 3, s], i + 1));
      return conv2d(integers([2, 4, s, s], i), integers([6, 4, 3, 3], i + 1), null, { padding: 1 });
    };
    for (let i = 0; i < 2 * sizes.length; i++) op(i); // every size of both ops once
    const high = arena.size;
    for (let i = 0; i < 3000; i++) op((i * 7) % (2 * sizes.length));
    expect(arena.size).toBe(high);
    expect(high).toBeLessThan(8 * 2 ** 20);
  });

  it('turn a failure in any thread into an error of the op that ran, and keep working', () => {
    const rt = wasmRuntime()!;
    const pool = rt.pool!;
    rt.arena.reset();
    const table = affineTable(rt, 16, 1);
    const c = rt.arena.alloc(16 * 16 * 4);
    // a list of one 16 x 16 x 16 task reading A at `a` (past the end of memory: the kernel traps)
    const job = (a: number): Job => {
      const task = rt.arena.alloc(TASK_BYTES);
      const fields = {
        m0: 0,
        m1: 16,
        n0: 0,
        n1: 16,
        k: 16,
        a,
        aRowStride: 64,
        aColStride: 4,
        b: c,
        bRows: table,
      };
      const record = { ...fields, bCols: table, c, cRowStride: 64, accumulate: 1 };
      rt.arena.writeFields(task, TASK_FIELDS, record);
      const next = rt.arena.alloc(4);
      rt.arena.ints[next >> 2] = 0;
      const args = [task, 1, rt.arena.alloc(scratchBytes(MR)), next] as const;
      return { kernel: KERNELS.indexOf('gemm_tasks'), args };
    };
    const runOwn = (j: Job) => rt.kernels[j.kernel]!(...j.args);
    const outside = 2 ** 31 - 4096;
    expect(() => pool.run([job(c), job(outside)], runOwn, 'conv2d()')).toThrow(
      new RuntimeError('conv2d(): a worker thread failed: RuntimeError: memory access out of bounds'),
    );
    expect(() => pool.run([job(outside), job(c)], runOwn, 'conv2d()')).toThrow(
      new RuntimeError('conv2d(): the calling thread failed: RuntimeError: memory access out of bounds'),
    );
    const a = integers([40, 50], 3);
    const b = integers([50, 30], 4);
    const got = matmul(a, b).toTypedArray();
    setBackend('js');
    const want = matmul(a, b).toTypedArray();
    setBackend('wasm');
    expect(got).toEqual(want);
  });

  it('never keep a process alive', () => {
    const child = runChild(
      't.setNumThreads(2); const n = await t.startThreads(); ' +
        'const y = t.matmul(t.ones([300, 300]), t.ones([300, 300])); console.log(n, y.sum().item());',
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe(`2 ${300 * 300 * 300}`);
  });
});

describe('relaxed SIMD', () => {
  it('uses f32x4.relaxed_madd where the engine has it, with results within float32 rounding', () => {
    const child = runChild(
      [
        'const f = t.wasmFeatures();',
        'const x = t.randn([2, 16, 20, 20], { generator: new t.Generator().manualSeed(1) });',
        'const w = t.randn([24, 16, 3, 3], { generator: new t.Generator().manualSeed(2) });',
        'const fast = t.conv2d(x, w, null, { padding: 1 });',
        "t.setBackend('js');",
        'const ref = t.conv2d(x, w, null, { padding: 1 });',
        'const diff = fast.sub(ref).abs().max().item();',
        'console.log(JSON.stringify({ relaxed: f.relaxedSimd, diff }));',
      ].join('\n'),
      ['--experimental-wasm-relaxed-simd'],
    );
    expect(child.status, child.stderr).toBe(0);
    const { relaxed, diff } = JSON.parse(child.stdout) as { relaxed: boolean; diff: number };
    expect(relaxed).toBe(true);
    // sums of 144 products of N(0, 1) values (|sum| ~ 12): float32 rounding differences stay below 1e-4
    expect(diff).toBeLessThan(1e-4);
    expect(diff).toBeGreaterThanOrEqual(0);
  });
});
