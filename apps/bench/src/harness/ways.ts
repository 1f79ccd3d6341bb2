// Ways of computing one thing timed side by side (vmap, a loop, the flattened batch; modules, the functional ops):
// an ms row per way, in order, then the ratios between ways; optionally after checking that two ways agree.
import { crossCheck, SAME_KERNELS_TOLERANCE } from './crosscheck.js';
import { type MeasureOptions, measure, QUICK_RUNS } from './measure.js';
import { msRow, ratioRow } from './rows.js';
import type { Suite, SuiteContext, Timing } from './types.js';

export interface Ways<W extends string, R = unknown> {
  suite: Suite;
  /** The case: each way's row is `<name> <way>`, each ratio's `<name> <a>/<b>`. */
  name: string;
  /** @bn's thread count while they run (the suite sets it). */
  threads: number;
  /** One call of each way, in the order of the rows. */
  ways: Record<W, () => R>;
  /** [a, b]: a's time over b's. */
  ratios: readonly (readonly [W, W])[];
  /** The timed runs of a full run; a quick run times each way once. */
  options: MeasureOptions;
}

/** What the cross-check reads of a way's result (a @bn tensor). */
export interface Values {
  toTypedArray(): ArrayLike<number>;
}

/** Times each way and records its ms row, then the ratios; returns the timings by way. */
export async function timeWays<W extends string>(
  ctx: SuiteContext,
  { suite, name, threads, ways, ratios, options }: Ways<W>,
): Promise<Record<W, Timing>> {
  const timings = {} as Record<W, Timing>;
  for (const way of Object.keys(ways) as W[]) {
    ctx.progress(`${suite}: ${name} ${way}`);
    timings[way] = await measure(ways[way], ctx.quick ? QUICK_RUNS : options);
    ctx.record(msRow({ suite, case: `${name} ${way}`, impl: '@bn', threads }, timings[way]));
  }
  for (const [a, b] of ratios) {
    const base = { suite, case: `${name} ${a}/${b}`, impl: '@bn', threads } as const;
    ctx.record(ratioRow(base, timings[a].ms / timings[b].ms));
  }
  return timings;
}

/**
 * timeWays, after checking that ways `a` and `b` compute the same values (the same kernels on the same values, in
 * another arrangement); a CrossCheckError, and no row, if they do not.
 */
export async function timeCheckedWays<W extends string>(
  ctx: SuiteContext,
  [a, b]: readonly [W, W],
  comparison: Ways<W, Values>,
): Promise<Record<W, Timing>> {
  const { suite, name, ways } = comparison;
  ctx.progress(`${suite}: ${name} ${a} vs ${b}`);
  const [actual, expected] = [ways[a]().toTypedArray(), ways[b]().toTypedArray()];
  crossCheck(`${name} ${a} vs ${b}`, actual, expected, SAME_KERNELS_TOLERANCE);
  return timeWays(ctx, comparison);
}
