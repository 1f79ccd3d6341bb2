// @bn/nn benchmark: what modules add over the functional ops, BatchNorm over a named vmap axis against the plain
// model on the whole batch, an ensemble under vmap(functionalCall) against a loop over its members, and
// safetensors throughput. Each figure is beside its reference measured in the same run. Figures only; nothing
// is asserted. Run: pnpm --filter @bn/nn bench (builds dist/ first).
import * as bn from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { measure } from '../../../tools/bench/timing.mjs';
import {
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  Flatten,
  functionalCall,
  Linear,
  loadSafetensors,
  ReLU,
  Sequential,
  saveSafetensors,
  stackModuleState,
} from '../dist/index.js';

const WIDTHS = [3, 16, 32, 32];

/** conv 3x3 - BatchNorm2d - ReLU three times (the middle one strided), global pool, linear: a small CNN. */
function makeNet(bnOptions = {}) {
  const layers = [];
  WIDTHS.slice(1).forEach((out, i) => {
    const stride = i === 1 ? 2 : 1;
    layers.push(new Conv2d(WIDTHS[i], out, 3, { stride, padding: 1, bias: false }));
    layers.push(new BatchNorm2d(out, bnOptions), new ReLU());
  });
  layers.push(new AdaptiveAvgPool2d(1), new Flatten(), new Linear(WIDTHS.at(-1), 10));
  return new Sequential(...layers);
}

/** The same computation as `net.forward` written with @bn/tensor's functional ops on the net's own tensors. */
function functionalForward(net, x) {
  let h = x;
  for (let i = 0; i < 9; i += 3) {
    const conv = net.at(i);
    const norm = net.at(i + 1);
    h = bn.conv2d(h, conv.weight, null, { stride: conv.stride, padding: conv.padding });
    if (norm.training) norm.numBatchesTracked.add_(1);
    h = bn.batchNorm(h, norm.runningMean, norm.runningVar, {
      weight: norm.weight,
      bias: norm.bias,
      training: norm.training,
      numBatchesTracked: norm.numBatchesTracked,
    });
    h = bn.relu(h);
  }
  const fc = net.at(11);
  return bn.linear(bn.adaptiveAvgPool2d(h, 1).flatten(1), fc.weight, fc.bias);
}

const rows = [];
function row(name, figure, reference, referenceName) {
  const ratio = figure.ms / reference.ms;
  rows.push(
    `${name.padEnd(46)} ${figure.ms.toFixed(3).padStart(9)} ms  ${referenceName.padEnd(18)} ` +
      `${reference.ms.toFixed(3).padStart(9)} ms  ratio ${ratio.toFixed(3)}`,
  );
}

bn.manualSeed(0);

// Modules against the functional ops: one batch that is compute-bound, one tiny one that shows the per-call cost.
for (const [label, shape, runs] of [
  ['modules, [32, 3, 32, 32]', [32, 3, 32, 32], { warmup: 3, runs: 15 }],
  ['modules, [1, 3, 8, 8]', [1, 3, 8, 8], { warmup: 200, runs: 2001 }],
]) {
  const net = makeNet();
  const x = bn.randn(shape);
  for (const mode of ['train', 'eval']) {
    net[mode]();
    row(
      `${label}, ${mode}`,
      measure(() => net.forward(x), runs),
      measure(() => functionalForward(net, x), runs),
      'functional ops',
    );
  }
}

// BatchNorm over a named axis: vmap over 32 single images against the plain model on the batch of 32.
{
  const named = makeNet({ axisName: 'batch' });
  const plain = makeNet();
  plain.loadStateDict(named.stateDict());
  const images = bn.randn([32, 3, 32, 32]);
  const perImage = vmap((img) => named.forward(img.unsqueeze(0)).squeeze(0), { axisName: 'batch' });
  row(
    'axisName BatchNorm: vmap over 32 images',
    measure(() => perImage(images), { runs: 15 }),
    measure(() => plain.forward(images), { runs: 15 }),
    'model on the batch',
  );
}

// An ensemble of 4 nets in training: vmap(functionalCall) over stacked state against a loop over the members.
{
  const members = [0, 1, 2, 3].map(() => makeNet());
  const [params, buffers] = stackModuleState(members);
  const x = bn.randn([16, 3, 32, 32]);
  const ensemble = vmap((p, b, input) => functionalCall(members[0], [p, b], input), { inDims: [0, 0, null] });
  row(
    'ensemble of 4, [16, 3, 32, 32], train: vmap',
    measure(() => ensemble(params, buffers, x), { runs: 15 }),
    measure(() => members.map((m) => m.forward(x)), { runs: 15 }),
    'loop over members',
  );
}

// safetensors: a state dict of 10.7M float32 values (42.7 MB, close to ResNet-18's 11.7M).
{
  const sizes = [2359296, 2359296, 2359296, 1179648, 589824, 512000, 589824, 589824, 147456, 1000];
  const dict = Object.fromEntries(sizes.map((n, i) => [`layer.${i}.weight`, bn.randn([n])]));
  const megabytes = sizes.reduce((a, b) => a + b, 0) * 4e-6;
  let bytes = saveSafetensors(dict);
  const save = measure(
    () => {
      bytes = saveSafetensors(dict);
    },
    { warmup: 1, runs: 5 },
  );
  const load = measure(() => loadSafetensors(bytes), { warmup: 1, runs: 5 });
  rows.push(
    `safetensors ${megabytes.toFixed(1)} MB: save ${save.ms.toFixed(1)} ms (${(megabytes / (save.ms / 1000)).toFixed(0)} MB/s), ` +
      `load ${load.ms.toFixed(1)} ms (${(megabytes / (load.ms / 1000)).toFixed(0)} MB/s)`,
  );
}

console.log(`@bn/nn benchmark: Node ${process.version}, one thread, median of the timed runs after warm-up`);
for (const r of rows) console.log(r);
