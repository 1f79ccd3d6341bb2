// Wall-clock timing shared by the packages' benchmark scripts (bench/run.mjs): warm-up runs, then the median and
// the spread of several timed runs. Figures only; benchmarks never assert.

/**
 * Times `fn`: `warmup` untimed runs (JIT, caches, buffers), a GC when node runs with --expose-gc, then `runs`
 * timed runs. Returns the median, fastest and slowest run in ms.
 */
export function measure(fn, { warmup = 2, runs = 9 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  globalThis.gc?.();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)], min: times[0], max: times[runs - 1] };
}
