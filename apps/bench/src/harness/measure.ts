// Timing: warm-up runs, then timed runs until both a minimum count and a minimum time are reached; the median and
// the spread. Our own loop rather than tinybench/mitata: the workloads are single calls of 1 ms to 10 s, sync
// (@bn, tfjs) or async (onnxruntime-node), and each call must be awaited to completion; a plain loop around
// performance.now() adds nothing to them. With --expose-gc every timed run starts after a collection, outside its
// time: PyTorch frees a result when its last reference drops, and a JS run's time should not depend on when V8 last
// collected. Per-sample gradients drop 300 MB a run; while that garbage lingers, the next run's memory is fresh and
// its first writes fault (SimpleCNN's vmap(grad) here: about 1.2 s for its first runs, 0.35-0.4 s once V8 has
// collected, with or without the forced collection).
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
  const times: number[] = [];
  let total = 0;
  while (times.length < maxRuns && (times.length < minRuns || total < minTime)) {
    (globalThis as { gc?: () => void }).gc?.();
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
