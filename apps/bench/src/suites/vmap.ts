// The `vmap` suite: vmap(f) over B groups against a loop over the groups and against f on the flattened batch, for
// patched ResNet-18 and RegNet-Y-400MF (replaceAllBatchNormModules_, training) on groups of N=4 32x32 images and
// per-sample (N=1, eval mode), a small functional conv net (BatchNorm on batch statistics) and a per-sample MLP.
// @bn only (on one thread): no peer has both vmap and these models.
import { regnetY400mf, resnet18 } from '@bn/models';
import { replaceAllBatchNormModules_ } from '@bn/patch';
import { Generator, manualSeed, randn, stack, type Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { useThreads } from '../harness/bn-runtime.js';
import type { SuiteContext, SuiteRunner } from '../harness/types.js';
import { timeCheckedWays } from '../harness/ways.js';
import { MLP_FEATURES, mlp, type Net, smallConvNet } from '../vmap/functional-nets.js';

const BUILDERS = { resnet18, regnetY400mf } as const;

const THREADS = 1;

/** The three ways to run `net` on x [B, N, ...]: vmap over B, a loop over B, and the flattened batch [B*N, ...]. */
const ways = (net: Net, x: Tensor) => ({
  vmap: () => vmap(net)(x) as Tensor,
  loop: () => stack(Array.from({ length: x.shape[0]! }, (_, b) => net(x.select(0, b)))),
  flattened: () => net(x.reshape([-1, ...x.shape.slice(2)])),
});

/** Times the three ways on `x` after checking vmap against the loop; records ms and the ratios. */
function compareWays(ctx: SuiteContext, name: string, net: Net, x: Tensor) {
  return timeCheckedWays(ctx, ['vmap', 'loop'], {
    suite: 'vmap',
    name,
    threads: THREADS,
    ways: ways(net, x),
    ratios: [
      ['loop', 'vmap'],
      ['vmap', 'flattened'],
    ],
    options: { warmup: 1, minRuns: 3, minTime: 2000 },
  });
}

/** Patched models in training on groups of N images, and the models in eval mode per sample. */
async function models(ctx: SuiteContext): Promise<void> {
  const groups = ctx.quick ? [2] : [2, 8, 32];
  const n = ctx.quick ? 2 : 4;
  const size = 32;
  for (const [name, build] of Object.entries(BUILDERS)) {
    manualSeed(0);
    const patched = replaceAllBatchNormModules_(build({ numClasses: 10 })).train();
    for (const b of groups) {
      const x = randn([b, n, 3, size, size], { generator: new Generator(b) });
      await compareWays(ctx, `${name} B=${b} N=${n}`, (g) => patched.forward(g), x);
    }
    // per-sample inference: each image alone (N = 1), the running stats only read
    manualSeed(0);
    const model = build({ numClasses: 10 }).eval();
    for (const b of ctx.quick ? [2] : [8, 32]) {
      const x = randn([b, 1, 3, size, size], { generator: new Generator(100 + b) });
      await compareWays(ctx, `${name} per-sample B=${b} eval`, (g) => model.forward(g), x);
    }
  }
}

/** The functional conv net on groups of N=4 and per sample, and the MLP per sample (vectors as [1, 64] rows). */
async function functionalNets(ctx: SuiteContext): Promise<void> {
  const generator = new Generator(0);
  const convNet = smallConvNet(generator);
  const [b, n] = ctx.quick ? [2, 2] : [8, 4];
  await compareWays(ctx, `convnet B=${b} N=${n}`, convNet, randn([b, n, 3, 32, 32], { generator }));
  const perSample = ctx.quick ? 2 : 32;
  const images = randn([perSample, 1, 3, 32, 32], { generator });
  await compareWays(ctx, `convnet per-sample B=${perSample}`, convNet, images);
  const vectors = ctx.quick ? 4 : 256;
  const x = randn([vectors, 1, MLP_FEATURES], { generator });
  await compareWays(ctx, `mlp per-sample B=${vectors}`, mlp(generator), x);
}

export const vmapSuite: SuiteRunner = async (ctx) => {
  await useThreads(THREADS);
  await models(ctx);
  await functionalNets(ctx);
};
