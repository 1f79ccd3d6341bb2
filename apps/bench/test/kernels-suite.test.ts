// The kernels suite's per-implementation step: a result that disagrees with the float64 reference aborts that
// implementation's row (a skip naming the worst element), and a correct one is timed and recorded; @bn's rows
// (its TypeScript fallback, conv under vmap) on a batched reference.
import { getBackend } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import type { Row, SuiteContext } from '../src/harness/types.js';
import { bnKernel, bnVmapConvKernel } from '../src/kernels/bn.js';
import { type ConvCase, type GemmCase, kernelInputs } from '../src/kernels/cases.js';
import type { KernelImpl } from '../src/kernels/kernel.js';
import { kernelReference } from '../src/kernels/reference.js';
import { benchImpl } from '../src/suites/kernels.js';

const gemm3: GemmCase = { kind: 'gemm', name: 'gemm 3', n: 3 };

/** A fake implementation that returns `output(reference)` and counts its timed runs. */
function fake(output: (reference: Float64Array) => ArrayLike<number>): KernelImpl & { runs: number } {
  const impl = {
    impl: 'jax-js' as const,
    threads: 1,
    runs: 0,
    prepare: async () => ({
      run: () => {
        impl.runs++;
      },
      output: async () => output(kernelReference(gemm3, kernelInputs(gemm3))),
      dispose: () => {},
    }),
  };
  return impl;
}

function context(): SuiteContext & { rows: Row[]; skips: string[] } {
  const rows: Row[] = [];
  const skips: string[] = [];
  return {
    quick: true,
    rows,
    skips,
    record: (row) => rows.push(row),
    progress: () => {},
    skip: (_suite, name, impl, reason) => skips.push(`${name} ${impl}: ${reason}`),
  };
}

describe('benchImpl', () => {
  const inputs = kernelInputs(gemm3);
  const expected = kernelReference(gemm3, inputs);

  it('records a correct implementation after timing it', async () => {
    const ctx = context();
    const impl = fake((reference) => Float32Array.from(reference));
    await benchImpl(ctx, gemm3, inputs, expected, impl);
    expect(ctx.skips).toEqual([]);
    expect(impl.runs).toBe(1);
    expect(ctx.rows).toMatchObject([{ suite: 'kernels', case: 'gemm 3', impl: 'jax-js', metric: 'gflops' }]);
  });

  it('aborts the row of a wrong result, without timing it', async () => {
    const ctx = context();
    const impl = fake((reference) => reference.map((v, i) => (i === 4 ? v + 1 : v)));
    await benchImpl(ctx, gemm3, inputs, expected, impl);
    expect(ctx.rows).toEqual([]);
    expect(impl.runs).toBe(0);
    expect(ctx.skips).toHaveLength(1);
    expect(ctx.skips[0]).toMatch(/^gemm 3 jax-js: CrossCheckError: gemm 3 jax-js: element 4 is /);
  });

  it('skips an implementation that cannot prepare the case', async () => {
    const ctx = context();
    const broken: KernelImpl = {
      impl: 'tfjs-backend-cpu',
      threads: 1,
      prepare: async () => {
        throw new Error('no such op');
      },
    };
    await benchImpl(ctx, gemm3, inputs, expected, broken);
    expect(ctx.rows).toEqual([]);
    expect(ctx.skips).toEqual(['gemm 3 tfjs-backend-cpu: Error: no such op']);
  });
});

describe('@bn rows', () => {
  const conv: ConvCase = {
    kind: 'conv',
    name: 'conv3x3s2 g2 4-6ch 5x5 b3',
    batch: 3,
    inChannels: 4,
    outChannels: 6,
    size: 5,
    kernel: 3,
    stride: 2,
    padding: 1,
    groups: 2,
  };
  const inputs = kernelInputs(conv);
  const expected = kernelReference(conv, inputs);

  it('the batched reference is each image convolved in turn', () => {
    const image = (n: number) => inputs.lhs.subarray(n * 4 * 25, (n + 1) * 4 * 25);
    const single = { ...conv, batch: 1 };
    const perImage = [0, 1, 2].flatMap((n) => [
      ...kernelReference(single, { lhs: image(n), rhs: inputs.rhs }),
    ]);
    expect([...expected]).toEqual(perImage);
    expect(expected.length).toBe(3 * 6 * 3 * 3);
  });

  it('times the TypeScript fallback and conv under vmap after their cross-checks, leaving the backend as it was', async () => {
    const ctx = context();
    const before = getBackend();
    await benchImpl(ctx, conv, inputs, expected, bnKernel('js', 1));
    await benchImpl(ctx, conv, inputs, expected, bnVmapConvKernel(2));
    expect(ctx.skips).toEqual([]);
    expect(ctx.rows).toMatchObject([
      { case: conv.name, impl: '@bn-js', threads: 1, metric: 'gflops' },
      { case: conv.name, impl: '@bn-vmap', threads: 2, metric: 'gflops' },
    ]);
    expect(getBackend()).toBe(before);
  });
});
