// The `vmap` suite: patched ResNet-18 and RegNet-Y-400MF (replaceAllBatchNormModules_, training) on B groups of N=4
// 32x32 images: vmap(model) over the groups, a loop over the groups, and the model on the flattened batch; and
// per-sample inference (N=1, eval mode) the same three ways. @bn only (on one thread): no peer has both vmap and
// these models.
import { regnetY400mf, resnet18 } from '@bn/models';
import type { Module } from '@bn/nn';
import { replaceAllBatchNormModules_ } from '@bn/patch';
import { Generator, manualSeed, randn, stack, type Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { useThreads } from '../harness/bn-runtime.js';
import { crossCheck, SAME_KERNELS_TOLERANCE } from '../harness/crosscheck.js';
import { measure } from '../harness/measure.js';
import type { SuiteContext, SuiteRunner } from '../harness/types.js';

const BUILDERS = { resnet18, regnetY400mf } as const;

const ways = {
  vmap: (model: Module, x: Tensor) => vmap(model)(x) as Tensor,
  loop: (model: Module, x: Tensor) =>
    stack(Array.from({ length: x.shape[0]! }, (_, b) => model.forward(x.select(0, b)))),
  flattened: (model: Module, x: Tensor) => model.forward(x.reshape([-1, ...x.shape.slice(2)])),
};

/** Times the three ways on `x` [B, N, 3, H, W] after checking vmap against the loop; records ms and the ratios. */
async function compareWays(ctx: SuiteContext, name: string, model: Module, x: Tensor): Promise<void> {
  ctx.progress(`vmap: ${name} vmap vs loop`);
  crossCheck(
    `${name} vmap vs loop`,
    ways.vmap(model, x).toTypedArray(),
    ways.loop(model, x).toTypedArray(),
    SAME_KERNELS_TOLERANCE,
  );
  const options = ctx.quick
    ? { warmup: 0, minRuns: 1, minTime: 0 }
    : { warmup: 1, minRuns: 3, minTime: 2000 };
  const ms: Record<string, number> = {};
  for (const [way, run] of Object.entries(ways)) {
    ctx.progress(`vmap: ${name} ${way}`);
    const t = await measure(() => run(model, x), options);
    ms[way] = t.ms;
    const base = { suite: 'vmap', case: `${name} ${way}`, impl: '@bn', threads: 1 } as const;
    ctx.record({ ...base, metric: 'ms', unit: 'ms', value: t.ms, spread: [t.min, t.max] });
  }
  const ratio = (label: string, value: number) =>
    ctx.record({
      suite: 'vmap',
      case: `${name} ${label}`,
      impl: '@bn',
      threads: 1,
      metric: 'ratio',
      unit: 'x',
      value,
    });
  ratio('loop/vmap', ms.loop! / ms.vmap!);
  ratio('vmap/flattened', ms.vmap! / ms.flattened!);
}

export const vmapSuite: SuiteRunner = async (ctx) => {
  await useThreads(1);
  const groups = ctx.quick ? [2] : [2, 8, 32];
  const n = ctx.quick ? 2 : 4;
  const size = 32;
  for (const [name, build] of Object.entries(BUILDERS)) {
    manualSeed(0);
    const patched = replaceAllBatchNormModules_(build({ numClasses: 10 })).train();
    for (const b of groups) {
      const x = randn([b, n, 3, size, size], { generator: new Generator(b) });
      await compareWays(ctx, `${name} B=${b} N=${n}`, patched, x);
    }
    // per-sample inference: each image alone (N = 1), the running stats only read
    manualSeed(0);
    const model = build({ numClasses: 10 }).eval();
    for (const b of ctx.quick ? [2] : [8, 32]) {
      const x = randn([b, 1, 3, size, size], { generator: new Generator(100 + b) });
      await compareWays(ctx, `${name} per-sample B=${b} eval`, model, x);
    }
  }
};
