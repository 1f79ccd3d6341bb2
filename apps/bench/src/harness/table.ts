// A suite's rows as a table: one line per case and metric, one column per implementation and thread count, the
// median with its spread; for the terminal (aligned text) and for latest.md (markdown).
import type { Row } from './types.js';

export interface Table {
  header: string[];
  lines: string[][];
}

/** An implementation at a thread count, as a column (and a headline) names it: `@bn`, `@bn (2 threads)`. */
export const column = ({ impl, threads }: Pick<Row, 'impl' | 'threads'>): string =>
  threads === 1 ? impl : `${impl} (${threads} threads)`;

/** 3 significant digits, plain notation. */
export function formatValue(value: number): string {
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return value.toFixed(Math.min(digits, 6));
}

function cell(row: Row): string {
  const value = `${formatValue(row.value)}${row.metric === 'ratio' ? 'x' : ''}`;
  return row.spread ? `${value} (${formatValue(row.spread[0])}-${formatValue(row.spread[1])})` : value;
}

/** The pivot of `rows`: cases in the order first seen, implementations in the order first seen. */
export function pivot(rows: readonly Row[]): Table {
  const columns = [...new Set(rows.map(column))];
  const keys = [...new Set(rows.map((r) => `${r.case}\u0000${r.metric}`))];
  const lines = keys.map((key) => {
    const [name, metric] = key.split('\u0000') as [string, Row['metric']];
    const unit = rows.find((r) => r.case === name && r.metric === metric)!.unit;
    return [
      name,
      `${metric} (${unit})`,
      ...columns.map((c) => {
        const row = rows.find((r) => r.case === name && r.metric === metric && column(r) === c);
        return row ? cell(row) : '-';
      }),
    ];
  });
  return { header: ['case', 'metric', ...columns], lines };
}

export function textTable({ header, lines }: Table): string {
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((x, c) => x.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...lines.map(line)].join('\n');
}

export function markdownTable({ header, lines }: Table): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...lines.map(line)].join('\n');
}
