// `toString()` of a concrete tensor, laid out like PyTorch's `torch/_tensor_str.py`: aligned columns,
// 4 decimals or scientific notation, integers as `1.`, and `...` elision past 1000 elements.
import { readTypedArray } from './readout.js';
import type { Tensor } from './tensor.js';

const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 80;

/** Indices shown along a dim of `size`: all of them, or the first and last EDGE_ITEMS around a gap (-1). */
function shownIndices(size: number, summarize: boolean): number[] {
  if (!summarize || size <= 2 * EDGE_ITEMS) return Array.from({ length: size }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => size - EDGE_ITEMS + i);
  return [...Array.from({ length: EDGE_ITEMS }, (_, i) => i), -1, ...tail];
}

/** PyTorch's scientific notation: `1.2346e+00` (two exponent digits at least). */
function scientific(v: number): string {
  const [mantissa, exponent] = v.toExponential(4).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** Chooses one number format for all the values shown, as PyTorch's `_Formatter`. */
function makeFormatter(values: number[], dtype: Tensor['dtype']): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? 'True' : 'False');
  if (dtype === 'int32') return (v) => String(v);
  const finite = values.filter((v) => Number.isFinite(v));
  const nonzero = finite.map(Math.abs).filter((v) => v !== 0);
  const special = (v: number): string | null =>
    Number.isNaN(v) ? 'nan' : Number.isFinite(v) ? null : v > 0 ? 'inf' : '-inf';
  if (finite.every((v) => Number.isInteger(v))) {
    const max = nonzero.length ? Math.max(...nonzero) : 0;
    if (max > 1e8) return (v) => special(v) ?? scientific(v);
    return (v) => special(v) ?? `${v.toFixed(0)}.`;
  }
  const max = Math.max(...nonzero);
  const min = Math.min(...nonzero);
  if (max / min > 1000 || max > 1e8 || min < 1e-4) return (v) => special(v) ?? scientific(v);
  return (v) => special(v) ?? v.toFixed(4);
}

export function formatTensor(t: Tensor): string {
  const data = readTypedArray(t);
  const shape = t.shape;
  const summarize = t.numel() > THRESHOLD;
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const shown: number[] = [];
  const collect = (d: number, base: number): void => {
    if (d === shape.length) {
      shown.push(data[base]!);
      return;
    }
    for (const i of shownIndices(shape[d]!, summarize)) if (i >= 0) collect(d + 1, base + i * strides[d]!);
  };
  collect(0, 0);
  const format = makeFormatter(shown, t.dtype);
  const width = Math.max(0, ...shown.map((v) => format(v).length));
  const prefix = 'tensor(';
  // A vector is wrapped to LINE_WIDTH as PyTorch's `_vector_str`; higher dims stack their rows.
  const render = (d: number, base: number, indent: number): string => {
    if (d === shape.length) return format(data[base]!).padStart(width);
    const indices = shownIndices(shape[d]!, summarize);
    if (d === shape.length - 1) {
      const items = indices.map((i) =>
        i < 0 ? ' ...' : format(data[base + i * strides[d]!]!).padStart(width),
      );
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
    }
    const rows = indices.map((i) => (i < 0 ? '...' : render(d + 1, base + i * strides[d]!, indent + 1)));
    return `[${rows.join(`,${'\n'.repeat(shape.length - d - 1)}${' '.repeat(indent + 1)}`)}]`;
  };
  const body = t.numel() === 0 ? '[]' : render(0, 0, prefix.length);
  const extras: string[] = [];
  if (t.numel() === 0 && shape.length !== 1)
    extras.push(`size=(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`);
  // PyTorch omits its default dtypes (float32, bool); int32 is not one of them.
  if (t.dtype === 'int32') extras.push(`dtype=${t.dtype}`);
  return `${prefix}${body}${extras.map((e) => `, ${e}`).join('')})`;
}
