// The row schema, checked when a row is recorded: a suite, a case, a known implementation, a positive thread count,
// a known metric with its unit, and a finite value (a spread, when given, of two finite numbers in order); and the
// rows a timing becomes (a rate, ms per call, a ratio).
import { METRICS, type Row, SUITES } from './types.js';

/** The unit of each metric. */
export const UNITS: Record<Row['metric'], string> = {
  gflops: 'GFLOP/s',
  mb_per_s: 'MB/s',
  ms: 'ms',
  ms_per_img: 'ms',
  img_per_s: 'img/s',
  ratio: 'x',
};
const PEERS = ['tfjs-backend-cpu', 'tfjs-backend-wasm', 'jax-js', 'onnxruntime-node', 'pytorch'];

/** The problems of `row` as a bench row (empty when it is valid). */
export function rowProblems(row: Row): string[] {
  const problems: string[] = [];
  if (!SUITES.includes(row.suite))
    problems.push(`suite: expected one of ${SUITES.join(', ')}, got '${row.suite}'`);
  if (typeof row.case !== 'string' || row.case === '')
    problems.push(`case: expected a name, got '${row.case}'`);
  if (!(row.impl === '@bn' || /^@bn-[a-z0-9-]+$/.test(row.impl) || PEERS.includes(row.impl))) {
    problems.push(`impl: expected @bn, @bn-<variant> or one of ${PEERS.join(', ')}, got '${row.impl}'`);
  }
  if (!Number.isInteger(row.threads) || row.threads < 1) {
    problems.push(`threads: expected a positive integer, got ${row.threads}`);
  }
  if (!METRICS.includes(row.metric)) {
    problems.push(`metric: expected one of ${METRICS.join(', ')}, got '${row.metric}'`);
  } else if (row.unit !== UNITS[row.metric]) {
    problems.push(`unit: expected '${UNITS[row.metric]}' for ${row.metric}, got '${row.unit}'`);
  }
  if (typeof row.value !== 'number' || !Number.isFinite(row.value)) {
    problems.push(`value: expected a finite number, got ${row.value}`);
  }
  if (row.spread !== undefined) {
    const [lo, hi] = row.spread;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
      problems.push(`spread: expected [low, high] finite numbers, got [${row.spread.join(', ')}]`);
    }
  }
  return problems;
}

/** Throws a TypeError naming every problem of `row`. */
export function checkRow(row: Row): Row {
  const problems = rowProblems(row);
  if (problems.length > 0) {
    throw new TypeError(`bad row ${JSON.stringify(row)}: ${problems.join('; ')}`);
  }
  return row;
}

/** What identifies a row besides its figure. */
export type RowBase = Pick<Row, 'suite' | 'case' | 'impl' | 'threads'>;

/** Work per ms in each rate's unit: FLOPs per ms in GFLOP/s, bytes per ms in MB/s, images per ms in img/s. */
const WORK_PER_MS_IN_UNIT = { gflops: 1e6, mb_per_s: 1e3, img_per_s: 1e-3 } as const;

/**
 * A timing as a rate of `work` (FLOPs for gflops, bytes for mb_per_s, images for img_per_s) per call: the median, and the spread from the
 * slowest run to the fastest.
 */
export function rateRow(
  base: RowBase,
  metric: keyof typeof WORK_PER_MS_IN_UNIT,
  work: number,
  timing: { ms: number; min: number; max: number },
): Row {
  const rate = (ms: number) => work / ms / WORK_PER_MS_IN_UNIT[metric];
  return {
    ...base,
    metric,
    unit: UNITS[metric],
    value: rate(timing.ms),
    spread: [rate(timing.max), rate(timing.min)],
  };
}

/** A timing as a row of ms per call: the median and the spread from the fastest run to the slowest. */
export function msRow(base: RowBase, timing: { ms: number; min: number; max: number }): Row {
  return { ...base, metric: 'ms', unit: UNITS.ms, value: timing.ms, spread: [timing.min, timing.max] };
}

/** One figure over another, as a row. */
export function ratioRow(base: RowBase, value: number): Row {
  return { ...base, metric: 'ratio', unit: UNITS.ratio, value };
}
