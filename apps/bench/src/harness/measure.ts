// Timing: warm-up runs, then timed runs until both a minimum count and a minimum time are reached; the median and
// the spread. Our own loop rather than tinybench/mitata: the workloads are single calls of 1 ms to 10 s, sync
// (@bn, tfjs) or async (onnxruntime-node), and each call must be awaited to completion; a plain loop around
// performance.now() adds nothing to them, and a GC between warm-up and timing (with --expose-gc) keeps a
// collection of the warm-up's garbage out of the timed runs.
import type { Timing } from './types.js';

export interface MeasureOptions {
  warmup?: number;
  /** At least this many timed runs. */
  minRuns?: number;
  /** And at least this much time in timed runs (ms), up to `maxRuns`. */
  minTime?: number;
  maxRuns?: number;
}

/** A --quick run's timing: no warm-up, one timed run (the suite runs; the figure means nothing). */
export const QUICK_RUNS: MeasureOptions = { warmup: 0, minRuns: 1, minTime: 0 };

/** The median, fastest and slowest of the timed runs of `fn` (awaited when it returns a promise). */
export async function measure(
  fn: () => unknown,
  { warmup = 1, minRuns = 5, minTime = 500, maxRuns = 50 }: MeasureOptions = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  (globalThis as { gc?: () => void }).gc?.();
  const times: number[] = [];
  let total = 0;
  while (times.length < maxRuns && (times.length < minRuns || total < minTime)) {
    const start = performance.now();
    await fn();
    const ms = performance.now() - start;
    times.push(ms);
    total += ms;
  }
  return summarize(times);
}

/** Median (mean of the middle two for an even count), fastest and slowest of `times`. */
export function summarize(times: readonly number[]): Timing {
  if (times.length === 0) throw new RangeError('summarize: no timed runs');
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const ms = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { ms, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}
