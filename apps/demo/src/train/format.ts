// How a training story's result reads, shared by the terminal and the page: a check in words, a loss curve as a
// one-line sparkline, and the run's verdict.
import { formatDiff, formatSeconds } from '../story/format.js';
import type { Check, Curve, StoryResult } from './types.js';

/** "✓ vmap(grad) equals the loop of grad: max |difference| 2.38e-7 (tolerance 1.00e-5)". */
export function checkText(check: Check): string {
  const diff =
    check.maxDiff === undefined
      ? ''
      : `: max |difference| ${formatDiff(check.maxDiff)} (tolerance ${formatDiff(check.tolerance)})`;
  return `${check.ok ? '✓' : '✗'} ${check.what}${diff}`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** The curve in `width` characters (each the mean of its steps), low to high, with its first and last loss. */
export function sparkline(curve: Curve, width = 40): string {
  const { losses } = curve;
  if (losses.length === 0) return `${curve.label}: no steps`;
  const buckets = Math.min(width, losses.length);
  const means = Array.from({ length: buckets }, (_, b) => {
    const part = losses.slice(
      Math.floor((b * losses.length) / buckets),
      Math.floor(((b + 1) * losses.length) / buckets),
    );
    return part.reduce((a, x) => a + x, 0) / part.length;
  });
  const low = Math.min(...means);
  const span = Math.max(...means) - low || 1;
  const line = means.map((m) => BARS[Math.round(((m - low) / span) * (BARS.length - 1))]).join('');
  const first = losses[0]!.toFixed(3);
  const last = losses.at(-1)!.toFixed(3);
  return `${curve.label}: ${line} ${losses.length} steps, loss ${first} -> ${last}`;
}

/** The run's verdict: every story's checks passed, or how many stories did not, with the total time. */
export function trainVerdictText(results: readonly StoryResult[]): string {
  const failed = results.filter((r) => !r.ok).length;
  const total = formatSeconds(results.reduce((sum, r) => sum + r.ms, 0));
  return failed === 0
    ? `All ${results.length} stories passed their checks (${total}).`
    : `${failed} of ${results.length} stories did NOT pass their checks (${total}).`;
}
