// vmap benchmark (issue 3): a small conv net (conv 3x3, functional batchNorm without running stats, relu; x4) on
// B=8 groups of N=4 32x32 images (and per-sample, B=32 of N=1). Prints vmap(f)(x) against f on the flattened batch [B*N] and against a loop over
// the B groups, in the same run. Figures only; nothing is asserted. Run: pnpm --filter @bn/vmap bench.
import * as bn from '@bn/tensor';
import { measure } from '../../../tools/bench/timing.mjs';
import { vmap } from '../dist/index.js';

const SIZE = 32;
const WIDTHS = [3, 16, 32, 32, 32];

const generator = new bn.Generator(0);
const layers = WIDTHS.slice(1).map((out, i) => ({
  weight: bn.randn([out, WIDTHS[i], 3, 3], { generator }).mul(0.2),
  bias: bn.randn([out], { generator }).mul(0.1),
  gamma: bn.ones([out]),
  beta: bn.zeros([out]),
}));

/** The net on one batch [n, C, H, W]: statistics over that batch (training mode, no running stats). */
function net(x) {
  let h = x;
  for (const { weight, bias, gamma, beta } of layers) {
    h = bn.conv2d(h, weight, bias, { padding: 1 });
    h = bn.batchNorm(h, null, null, { weight: gamma, bias: beta, training: true });
    h = bn.relu(h);
  }
  return h;
}

/** Times vmap, the flattened batch and the loop for B groups of N images, and prints the two ratios. */
function run(B, N) {
  const x = bn.randn([B, N, WIDTHS[0], SIZE, SIZE], { generator });
  const flat = x.reshape([B * N, WIDTHS[0], SIZE, SIZE]);
  const mapped = vmap(net);

  // vmap must equal the loop (per-group statistics) before its time means anything
  const looped = () => bn.stack(Array.from({ length: B }, (_, b) => net(x.select(0, b))));
  const diff = mapped(x).sub(looped()).abs().amax().item();
  if (!(diff < 1e-3)) throw new Error(`vmap differs from the loop by ${diff}`);

  const t = {
    vmap: measure(() => mapped(x)),
    flattened: measure(() => net(flat)),
    loop: measure(looped),
  };
  const fmt = (r) => `${r.ms.toFixed(1)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`;
  console.log(
    `small conv net x4 (widths ${WIDTHS.join('-')}), B=${B} groups of N=${N}, ${SIZE}x${SIZE}, 1 thread`,
  );
  console.log(`  max |vmap - loop|             ${diff.toExponential(2)}`);
  console.log(`  vmap(f)(x)                    ${fmt(t.vmap)}`);
  console.log(`  f(x flattened to B*N)         ${fmt(t.flattened)}`);
  console.log(`  loop over the B groups        ${fmt(t.loop)}`);
  console.log(`  vmap / flattened              ${(t.vmap.ms / t.flattened.ms).toFixed(3)}  (target <= 1.05)`);
  console.log(`  loop / vmap                   ${(t.loop.ms / t.vmap.ms).toFixed(3)}  (target >= 1.7)`);
}

run(8, 4); // the configuration
run(32, 1); // per-sample: B=32 single images (BatchNorm statistics over one image's pixels)

/** Per-sample work too small for a kernel to pay off: a 64-128-10 MLP on B=256 single vectors. */
function mlp(B) {
  const w1 = bn.randn([128, 64], { generator }).mul(0.1);
  const w2 = bn.randn([10, 128], { generator }).mul(0.1);
  const f = (v) => bn.logSoftmax(bn.linear(bn.relu(bn.linear(v, w1)), w2), -1);
  const x = bn.randn([B, 64], { generator });
  const looped = () => bn.stack(Array.from({ length: B }, (_, b) => f(x.select(0, b))));
  const diff = vmap(f)(x).sub(looped()).abs().amax().item();
  if (!(diff < 1e-4)) throw new Error(`vmap differs from the loop by ${diff}`);
  const many = { warmup: 20, runs: 51 }; // millisecond workloads: more runs for a stable median
  const t = {
    vmap: measure(() => vmap(f)(x), many),
    flattened: measure(() => f(x), many),
    loop: measure(looped, many),
  };
  console.log(`per-sample MLP 64-128-10, B=${B} vectors, 1 thread`);
  console.log(
    `  vmap ${t.vmap.ms.toFixed(2)} ms, flattened ${t.flattened.ms.toFixed(2)} ms, loop ${t.loop.ms.toFixed(2)} ms`,
  );
  console.log(
    `  vmap / flattened ${(t.vmap.ms / t.flattened.ms).toFixed(3)}, loop / vmap ${(t.loop.ms / t.vmap.ms).toFixed(2)}`,
  );
}

mlp(256);
