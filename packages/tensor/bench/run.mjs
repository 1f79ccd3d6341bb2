// Kernel benchmark: GFLOP/s of matmul and conv2d, elements/s of add, for the built @bn/tensor beside
// @tensorflow/tfjs-backend-cpu in the same run (one thread each). Prints figures only; nothing is asserted.
// Run: pnpm --filter @bn/tensor bench (the script builds dist/ with tsup first).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { measure } from '../../../tools/bench/timing.mjs';
import * as bn from '../dist/index.js';

await tf.setBackend('cpu');

/** Runs a tfjs op, reads its result back with dataSync() so the work is counted, and frees it. */
function tfRun(op) {
  const out = op();
  out.dataSync();
  out.dispose();
}

const rows = [];

/** Times one workload on both libraries; `work` is FLOPs (or elements) per call. */
function bench(name, unit, work, runs, bnFn, tfFn) {
  const bnMs = measure(bnFn, { runs }).ms;
  const tfMs = measure(() => tfRun(tfFn), { runs }).ms;
  const scale = unit === 'GFLOP/s' ? 1e6 : 1e3; // work per ms -> G/s or M/s
  rows.push({ name, unit, bn: work / bnMs / scale, tf: work / tfMs / scale });
  console.error(`  done: ${name}`);
}

// ---- GEMM: C = A @ B, square --------------------------------------------------------------------------------
for (const n of [256, 512, 1024]) {
  const a = bn.randn([n, n]);
  const b = bn.randn([n, n]);
  const ta = tf.tensor2d(a.toTypedArray(), [n, n]);
  const tb = tf.tensor2d(b.toTypedArray(), [n, n]);
  const runs = n >= 1024 ? 3 : 7;
  bench(
    `matmul ${n}x${n} @ ${n}x${n}`,
    'GFLOP/s',
    2 * n ** 3,
    runs,
    () => bn.matmul(a, b),
    () => tf.matMul(ta, tb),
  );
  tf.dispose([ta, tb]);
}

// ---- conv2d 3x3 pad 1: ResNet's layer1 at 56x56 (N=1), and its layer4 on a CIFAR-sized batch (2x2 maps, N=32) --
for (const [n, c, h] of [
  [1, 64, 56],
  [32, 512, 2],
]) {
  const k = 3;
  const x = bn.randn([n, c, h, h]);
  const weight = bn.randn([c, c, k, k]);
  // tfjs wants NHWC input and HWIO filters: the same values, permuted
  const tx = tf.tidy(() => tf.transpose(tf.tensor4d(x.toTypedArray(), [n, c, h, h]), [0, 2, 3, 1]));
  const tw = tf.tidy(() => tf.transpose(tf.tensor4d(weight.toTypedArray(), [c, c, k, k]), [2, 3, 1, 0]));
  bench(
    `conv2d 3x3 ${c}->${c} ${h}x${h} N=${n} pad 1`,
    'GFLOP/s',
    2 * n * c * h * h * c * k * k,
    7,
    () => bn.conv2d(x, weight, null, { padding: 1 }),
    () => tf.conv2d(tx, tw, 1, 'same'),
  );
  tf.dispose([tx, tw]);
}

// ---- add of two contiguous 1M-element tensors ----------------------------------------------------------------
{
  const n = 1 << 20;
  const a = bn.randn([n]);
  const b = bn.randn([n]);
  const ta = tf.tensor1d(a.toTypedArray());
  const tb = tf.tensor1d(b.toTypedArray());
  bench(
    'add 1M float32, contiguous',
    'M elem/s',
    n,
    21,
    () => bn.add(a, b),
    () => tf.add(ta, tb),
  );
  tf.dispose([ta, tb]);
}

// ---- report --------------------------------------------------------------------------------------------------
const fmt = (v, unit) => `${v.toFixed(unit === 'GFLOP/s' ? 2 : 0)} ${unit}`;
const table = [
  ['workload', '@bn/tensor', 'tfjs-backend-cpu', '@bn / tfjs'],
  ...rows.map((r) => [r.name, fmt(r.bn, r.unit), fmt(r.tf, r.unit), `${(r.bn / r.tf).toFixed(2)}x`]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log(
  `@bn/tensor kernel benchmark: Node ${process.version}, one thread, median of 3-21 timed runs after warm-up`,
);
console.log(`tfjs-core ${tf.version_core} with the cpu backend, measured in the same run`);
for (const [i, row] of table.entries()) {
  console.log(
    row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('   '),
  );
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('   '));
}
