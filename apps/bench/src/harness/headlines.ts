// The ratios a reader wants first, computed from the rows of a run: the targets (@bn's GEMM and conv
// against tfjs-backend-wasm at 1 and 2 threads, conv under vmap against conv, ResNet-18 against tfjs-backend-wasm
// and onnxruntime-node), the pure-TypeScript fallback against tfjs-backend-cpu, and vmap against a loop and against
// the flattened batch.
import { column } from './table.js';
import type { Impl, Row } from './types.js';

export interface Headline {
  label: string;
  /** One figure over another (or the suite's own ratio); > 1 means @bn is ahead for gflops, behind for ms. */
  value: number;
  /** What a value above 1 means. */
  better: 'higher' | 'lower';
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

/** `ours` over `theirs` on case `name`, when both rows are present. */
function versus(
  rows: readonly Row[],
  title: string,
  name: string,
  metric: 'gflops' | 'ms_per_img',
  ours: Side,
  theirs: Side,
): Headline[] {
  const a = find(rows, name, ours, metric);
  const b = find(rows, name, theirs, metric);
  if (!a || !b) return [];
  const unit = metric === 'gflops' ? 'GFLOP/s' : 'ms/img';
  return [
    {
      label: `${title}: ${column(ours)} / ${column(theirs)} ${unit}`,
      value: a.value / b.value,
      better: metric === 'gflops' ? 'higher' : 'lower',
    },
  ];
}

export function headlines(rows: readonly Row[]): Headline[] {
  const kernel = (name: string, title: string) => [
    ...versus(rows, title, name, 'gflops', at('@bn'), at('tfjs-backend-wasm')),
    ...versus(rows, title, name, 'gflops', at('@bn', 2), at('tfjs-backend-wasm')),
    ...versus(rows, title, name, 'gflops', at('@bn-js'), at('tfjs-backend-cpu')),
  ];
  const ratio = (name: string, label: string, better: Headline['better']): Headline[] => {
    const row = find(rows, name, at('@bn'), 'ratio');
    return row ? [{ label, value: row.value, better }] : [];
  };
  const resnet = (ours: Side, theirs: Side) =>
    versus(rows, 'ResNet-18 224 b8', 'resnet18 224 b8', 'ms_per_img', ours, theirs);
  return [
    ...kernel('gemm 512', 'GEMM 512'),
    ...kernel('conv3x3 64ch 56x56', 'conv 3x3 64ch 56x56'),
    ...versus(rows, 'conv under vmap', 'conv3x3 64ch 56x56 b8', 'gflops', at('@bn-vmap', 2), at('@bn', 2)),
    ...resnet(at('@bn', 2), at('tfjs-backend-wasm')),
    ...resnet(at('@bn'), at('onnxruntime-node')),
    ...resnet(at('@bn', 2), at('onnxruntime-node', 2)),
    ...ratio('resnet18 B=8 N=4 loop/vmap', 'ResNet-18 B=8 N=4: loop / vmap time', 'higher'),
    ...ratio('resnet18 B=8 N=4 vmap/flattened', 'ResNet-18 B=8 N=4: vmap / flattened time', 'lower'),
  ];
}
