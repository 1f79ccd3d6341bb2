// The kernels suite: GEMM, conv2d and add GFLOP/s of @bn (1 and 2 threads, and its TypeScript fallback) and its
// peers, then conv under vmap against the same batched conv; each output cross-checked against a float64 reference
// before it is timed. An implementation that fails (no such op, a wrong result) is skipped, not fatal.
import { crossCheck } from '../harness/crosscheck.js';
import { measure, QUICK_RUNS } from '../harness/measure.js';
import { rateRow } from '../harness/rows.js';
import type { SuiteContext, SuiteRunner } from '../harness/types.js';
import { bnKernel, bnVmapConvKernel } from '../kernels/bn.js';
import {
  type KernelCase,
  type KernelInputs,
  kernelCases,
  kernelFlops,
  kernelInputs,
  vmapConvCases,
} from '../kernels/cases.js';
import { jaxKernel } from '../kernels/jax.js';
import type { KernelImpl, PreparedKernel } from '../kernels/kernel.js';
import { onnxKernel } from '../kernels/onnx.js';
import { kernelReference } from '../kernels/reference.js';
import { tfjsKernel } from '../kernels/tfjs.js';

/** Row order within a case: @bn first, then the peers. */
const IMPLS: KernelImpl[] = [
  bnKernel('wasm', 1),
  bnKernel('wasm', 2),
  bnKernel('js', 1),
  tfjsKernel('cpu'),
  tfjsKernel('wasm'),
  jaxKernel,
  onnxKernel(1),
  onnxKernel(2),
];

/** Conv under vmap and the same batched conv, at the default thread count (both cores here). */
const VMAP_IMPLS: KernelImpl[] = [bnKernel('wasm', 2), bnVmapConvKernel(2)];

const label = (c: KernelCase, { impl, threads }: KernelImpl) =>
  `kernels: ${c.name} ${impl}${threads > 1 ? ` ${threads} threads` : ''}`;

/** Cross-checks, times and records one implementation on one case; skips it (with the reason) on any failure. */
export async function benchImpl(
  ctx: SuiteContext,
  c: KernelCase,
  inputs: KernelInputs,
  expected: Float64Array,
  kernelImpl: KernelImpl,
): Promise<void> {
  const { impl, threads } = kernelImpl;
  ctx.progress(label(c, kernelImpl));
  let kernel: PreparedKernel | undefined;
  try {
    kernel = await kernelImpl.prepare(c, inputs);
    crossCheck(`${c.name} ${impl}`, await kernel.output(), expected);
    const timing = await measure(kernel.run, ctx.quick ? QUICK_RUNS : {});
    ctx.record(rateRow({ suite: 'kernels', case: c.name, impl, threads }, 'gflops', kernelFlops(c), timing));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    ctx.skip('kernels', c.name, impl, threads > 1 ? `${threads} threads: ${reason}` : reason);
  } finally {
    await kernel?.dispose();
  }
}

async function benchCases(ctx: SuiteContext, cases: KernelCase[], impls: KernelImpl[]): Promise<void> {
  for (const c of cases) {
    ctx.progress(`kernels: ${c.name} reference`);
    const inputs = kernelInputs(c);
    const expected = kernelReference(c, inputs);
    for (const kernelImpl of impls) await benchImpl(ctx, c, inputs, expected, kernelImpl);
  }
}

export const kernels: SuiteRunner = async (ctx) => {
  await benchCases(ctx, kernelCases(ctx.quick), IMPLS);
  await benchCases(ctx, vmapConvCases(ctx.quick), VMAP_IMPLS);
};
