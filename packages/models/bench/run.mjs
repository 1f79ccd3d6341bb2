// @bn/models benchmark: ResNet-18 and RegNet-Y-400MF forward latency (eval) at 224x224 batch 1 and 32x32 batch 32,
// in ms and GFLOP/s, and vmap vs a loop vs the flattened batch for ResNet-18 patched with
// replaceAllBatchNormModules_ (training) at B=8 groups of N=4 32x32 images. tools/bench/models_torch.py measures
// the same in PyTorch. Figures only; nothing is asserted. Run: pnpm --filter @bn/models bench (builds dist/ first).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { replaceAllBatchNormModules_ } from '@bn/patch';
import { manualSeed, randn, stack } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { measure } from '../../../tools/bench/timing.mjs';
import { regnetY400mf, resnet18, torchvisionName } from '../dist/index.js';
import { countFlops } from './flops.mjs';

const architectures = JSON.parse(
  gunzipSync(readFileSync(new URL('../test/fixtures/architectures.json.gz', import.meta.url))).toString(
    'utf8',
  ),
);

const fmt = (v, digits = 1) => v.toFixed(digits).padStart(8);

function latency(name, build) {
  manualSeed(0);
  const model = build().eval();
  // the FLOP counter is checked against torchvision's count (forward hooks, tools/golden/models_architectures.py)
  const expected = architectures.models[torchvisionName(name)].flops;
  const counted = countFlops(model, randn([1, 3, 224, 224]));
  if (counted !== expected) throw new Error(`${name}: counted ${counted} FLOPs, torchvision ${expected}`);
  for (const [batch, size, runs] of [
    [1, 224, 5],
    [32, 32, 5],
  ]) {
    const x = randn([batch, 3, size, size]);
    const flops = countFlops(model, x);
    const t = measure(() => model.forward(x), { warmup: 1, runs });
    console.log(
      `${name.padEnd(13)} [${batch}, 3, ${size}, ${size}]`.padEnd(32) +
        `${fmt(t.ms)} ms (${fmt(t.min)}-${fmt(t.max)})  ${fmt(flops / 1e9, 2)} GFLOP  ` +
        `${fmt(flops / 1e6 / t.ms, 2)} GFLOP/s`,
    );
  }
}

function vmapVsLoop() {
  manualSeed(0);
  const model = replaceAllBatchNormModules_(resnet18({ numClasses: 10 })).train();
  const [B, N] = [8, 4];
  const x = randn([B, N, 3, 32, 32]);
  const flat = x.reshape([B * N, 3, 32, 32]);
  const mapped = vmap(model);
  const runs = { warmup: 1, runs: 7 };
  const v = measure(() => mapped(x), runs);
  const loop = measure(() => stack(Array.from({ length: B }, (_, b) => model.forward(x.select(0, b)))), runs);
  const flattened = measure(() => model.forward(flat), runs);
  console.log(`\nResNet-18 patched (replaceAllBatchNormModules_), training, B=${B} groups of N=${N} 32x32:`);
  console.log(`  vmap(model)(x [${B}, ${N}, 3, 32, 32])   ${fmt(v.ms)} ms (${fmt(v.min)}-${fmt(v.max)})`);
  console.log(
    `  loop over the ${B} groups             ${fmt(loop.ms)} ms (${fmt(loop.min)}-${fmt(loop.max)})`,
  );
  console.log(
    `  model(x [${B * N}, 3, 32, 32]) flattened  ${fmt(flattened.ms)} ms (${fmt(flattened.min)}-${fmt(flattened.max)})`,
  );
  console.log(
    `  loop / vmap = ${(loop.ms / v.ms).toFixed(3)}, vmap / flattened = ${(v.ms / flattened.ms).toFixed(3)}`,
  );
}

console.log(
  `@bn/models on Node ${process.version}, one thread; median (min-max) of timed runs after a warm-up\n`,
);
latency('resnet18', resnet18);
latency('regnetY400mf', regnetY400mf);
vmapVsLoop();
