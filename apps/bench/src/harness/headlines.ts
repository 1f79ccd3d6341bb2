// The ratios a reader wants first, computed from the rows of a run: the targets (@bn's GEMM and conv
// against tfjs-backend-wasm at 1 and 2 threads, conv under vmap against conv, ResNet-18 against tfjs-backend-wasm
// and onnxruntime-node), the pure-TypeScript fallback against tfjs-backend-cpu, vmap against a loop and against
// the flattened batch, issue 16's gradient targets (loop / vmap(grad), conv gradients against the forward, the
// training step against PyTorch) and issue 17's training targets (the DP-SGD step against functorch's, an ensemble
// under one vmap against K separate steps, each training step against the JavaScript peers), each with its target.
import { column } from './table.js';
import type { Impl, Row } from './types.js';

export interface Headline {
  label: string;
  /** One figure over another (or the suite's own ratio); > 1 means @bn is ahead for gflops, behind for ms. */
  value: number;
  /** What a value above 1 means. */
  better: 'higher' | 'lower';
  /** The target, reached at this value or beyond it in the `better` direction. */
  target?: number;
}

/** An implementation at a thread count. */
interface Side {
  impl: Impl;
  threads: number;
}

const at = (impl: Impl, threads = 1): Side => ({ impl, threads });

function find(rows: readonly Row[], name: string, { impl, threads }: Side, metric: Row['metric']) {
  return rows.find((r) => r.case === name && r.impl === impl && r.metric === metric && r.threads === threads);
}

/** `ours` over `theirs` on case `name`, when both rows are present; images per second compare as time per image. */
function versus(
  rows: readonly Row[],
  title: string,
  name: string,
  metric: 'gflops' | 'ms_per_img' | 'ms' | 'img_per_s',
  ours: Side,
  theirs: Side,
  target?: number,
): Headline[] {
  const a = find(rows, name, ours, metric);
  const b = find(rows, name, theirs, metric);
  if (!a || !b) return [];
  const unit = { gflops: 'GFLOP/s', ms_per_img: 'ms/img', ms: 'time', img_per_s: 'time' }[metric];
  const better = metric === 'gflops' ? 'higher' : 'lower';
  const label = `${title}: ${column(ours)} / ${column(theirs)} ${unit}`;
  const value = metric === 'img_per_s' ? b.value / a.value : a.value / b.value;
  return [target === undefined ? { label, value, better } : { label, value, better, target }];
}

/** @bn's own ratio row of case `name` (at 1 thread), when present. */
function ratio(
  rows: readonly Row[],
  name: string,
  label: string,
  better: Headline['better'],
  target?: number,
): Headline[] {
  const row = find(rows, name, at('@bn'), 'ratio');
  if (!row) return [];
  return [
    target === undefined ? { label, value: row.value, better } : { label, value: row.value, better, target },
  ];
}

export function headlines(rows: readonly Row[]): Headline[] {
  const kernel = (name: string, title: string) => [
    ...versus(rows, title, name, 'gflops', at('@bn'), at('tfjs-backend-wasm')),
    ...versus(rows, title, name, 'gflops', at('@bn', 2), at('tfjs-backend-wasm')),
    ...versus(rows, title, name, 'gflops', at('@bn-js'), at('tfjs-backend-cpu')),
  ];
  const resnet = (ours: Side, theirs: Side) =>
    versus(rows, 'ResNet-18 224 b8', 'resnet18 224 b8', 'ms_per_img', ours, theirs);
  return [
    ...kernel('gemm 512', 'GEMM 512'),
    ...kernel('conv3x3 64ch 56x56', 'conv 3x3 64ch 56x56'),
    ...versus(rows, 'conv under vmap', 'conv3x3 64ch 56x56 b8', 'gflops', at('@bn-vmap', 2), at('@bn', 2)),
    ...resnet(at('@bn', 2), at('tfjs-backend-wasm')),
    ...resnet(at('@bn'), at('onnxruntime-node')),
    ...resnet(at('@bn', 2), at('onnxruntime-node', 2)),
    ...ratio(rows, 'resnet18 B=8 N=4 loop/vmap', 'ResNet-18 B=8 N=4: loop / vmap time', 'higher'),
    ...ratio(rows, 'resnet18 B=8 N=4 vmap/flattened', 'ResNet-18 B=8 N=4: vmap / flattened time', 'lower'),
    ...ratio(
      rows,
      'simplecnn 28 B=64 loop/vmap',
      'SimpleCNN B=64 per-sample grads: loop / vmap(grad) time',
      'higher',
      1,
    ),
    ...versus(rows, 'SimpleCNN B=64 vmap(grad)', 'simplecnn 28 B=64 vmap', 'ms', at('@bn'), at('pytorch')),
    ...ratio(
      rows,
      'resnet18 patched 64 B=16 loop/vmap',
      'ResNet-18 patched 64px B=16 per-sample grads: loop / vmap(grad) time',
      'higher',
      3,
    ),
    ...versus(
      rows,
      'ResNet-18 patched 64px B=16 vmap(grad)',
      'resnet18 patched 64 B=16 vmap',
      'ms',
      at('@bn'),
      at('pytorch'),
    ),
    ...convGradients(rows, 1),
    ...convGradients(rows, 2),
    ...versus(
      rows,
      'ResNet-18 224 b8 training step',
      'resnet18 224 b8 train step',
      'ms_per_img',
      at('@bn'),
      at('pytorch'),
      2,
    ),
    ...training(rows),
  ];
}

/** The train suite's JavaScript peers. */
const JS_PEERS: readonly Impl[] = ['tfjs-backend-wasm', 'tfjs-backend-cpu', 'jax-js'];

/**
 * The train suite's (full run): the DP-SGD step within 2x of functorch's time, the ensemble under one vmap >= 1.5x
 * faster than K separate steps, each step ahead of every JavaScript peer that ran it.
 */
function training(rows: readonly Row[]): Headline[] {
  const sgd = 'simplecnn 28 B=64 sgd step';
  const dp = 'simplecnn 28 B=64 dp-sgd step';
  const ensemble = 'ensemble K=4 simplecnn-bn 28 B=64';
  const step = (title: string, name: string, theirs: Impl, target?: number) =>
    versus(rows, title, name, 'img_per_s', at('@bn'), at(theirs), target);
  return [
    ...step('SimpleCNN B=64 SGD step', sgd, 'pytorch'),
    ...JS_PEERS.flatMap((peer) => step('SimpleCNN B=64 SGD step', sgd, peer, 1)),
    ...step('SimpleCNN B=64 DP-SGD step', dp, 'pytorch', 2),
    ...JS_PEERS.flatMap((peer) => step('SimpleCNN B=64 DP-SGD step', dp, peer, 1)),
    ...ratio(
      rows,
      `${ensemble} loop/vmap`,
      'Ensemble of 4 SimpleCNN-BN B=64 training: K separate steps / one vmap time',
      'higher',
      1.5,
    ),
    ...step('Ensemble of 4 SimpleCNN-BN B=64 under vmap', `${ensemble} vmap`, 'pytorch'),
  ];
}

/** The grad suite's conv layers (full run). */
const CONV_GRADIENT_LAYERS = ['conv3x3 64ch 56x56', 'conv1x1 256ch 28x28', 'conv3x3s2 64->128ch 56x56'];

/** Each gradient's GFLOP/s over the forward's at `threads`, the lowest over the layers (named), target 0.8. */
function convGradients(rows: readonly Row[], threads: number): Headline[] {
  return (['input', 'weight'] as const).flatMap((gradient) => {
    const found = CONV_GRADIENT_LAYERS.flatMap((layer) => {
      const row = find(rows, `${layer} ${gradient} grad/forward`, at('@bn', threads), 'ratio');
      return row ? [{ layer, value: row.value }] : [];
    });
    if (found.length === 0) return [];
    const lowest = found.reduce((a, b) => (b.value < a.value ? b : a));
    const where = `${column(at('@bn', threads))}, lowest of ${found.length} ResNet layers: ${lowest.layer}`;
    return [
      {
        label: `conv ${gradient} gradient / forward GFLOP/s (${where})`,
        value: lowest.value,
        better: 'higher' as const,
        target: 0.8,
      },
    ];
  });
}
