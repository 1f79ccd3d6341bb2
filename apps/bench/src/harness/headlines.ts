// The ratios a reader wants first, computed from the rows of a run: @bn's kernels against tfjs (GFLOP/s), vmap
// against a loop and against the flattened batch, and ResNet-18 against tfjs-backend-wasm and onnxruntime-node.
import type { Impl, Row } from './types.js';

export interface Headline {
  label: string;
  /** @bn's figure over the peer's (or the suite's own ratio); > 1 means @bn is ahead for gflops, behind for ms. */
  value: number;
  /** What a value above 1 means. */
  better: 'higher' | 'lower';
}

function find(
  rows: readonly Row[],
  name: string,
  impl: Impl,
  metric: Row['metric'],
  threads = 1,
): Row | undefined {
  return rows.find((r) => r.case === name && r.impl === impl && r.metric === metric && r.threads === threads);
}

function versus(
  rows: readonly Row[],
  name: string,
  metric: Row['metric'],
  peer: Impl,
  label: string,
): Headline[] {
  const ours = find(rows, name, '@bn', metric);
  const theirs = find(rows, name, peer, metric);
  if (!ours || !theirs) return [];
  return [{ label, value: ours.value / theirs.value, better: metric === 'gflops' ? 'higher' : 'lower' }];
}

export function headlines(rows: readonly Row[]): Headline[] {
  const kernel = (name: string, title: string) =>
    (['tfjs-backend-wasm', 'tfjs-backend-cpu'] as const).flatMap((peer) =>
      versus(rows, name, 'gflops', peer, `${title}: @bn / ${peer} GFLOP/s`),
    );
  const ratio = (name: string, label: string, better: Headline['better']): Headline[] => {
    const row = find(rows, name, '@bn', 'ratio');
    return row ? [{ label, value: row.value, better }] : [];
  };
  return [
    ...kernel('gemm 512', 'GEMM 512'),
    ...kernel('conv3x3 64ch 56x56', 'conv 3x3 64ch 56x56'),
    ...ratio('resnet18 B=8 N=4 loop/vmap', 'ResNet-18 B=8 N=4: loop / vmap time', 'higher'),
    ...ratio('resnet18 B=8 N=4 vmap/flattened', 'ResNet-18 B=8 N=4: vmap / flattened time', 'lower'),
    ...versus(
      rows,
      'resnet18 224 b8',
      'ms_per_img',
      'tfjs-backend-wasm',
      'ResNet-18 224 b8: @bn / tfjs-backend-wasm ms/img',
    ),
    ...versus(
      rows,
      'resnet18 224 b8',
      'ms_per_img',
      'onnxruntime-node',
      'ResNet-18 224 b8: @bn / onnxruntime-node ms/img',
    ),
  ];
}
