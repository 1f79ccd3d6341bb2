// How a result reads: what vmap did, the difference from the reference, the duration and the verdict, shared by the
// terminal and the web page so both say the same thing.
import { TOLERANCE } from './compare.js';
import type { StepResult } from './types.js';

/** What vmap did in the step: 'ran', 'threw', or '-' for a step that does not call vmap. */
export function vmapStatus(result: StepResult): string {
  if (result.ran === null) return '-';
  return result.ran ? 'ran' : 'threw';
}

/** The largest |vmap - reference| in 3 significant digits, or '-'. */
export function formatDiff(maxDiff: number | undefined): string {
  if (maxDiff === undefined) return '-';
  return maxDiff === 0 ? '0' : maxDiff.toExponential(2);
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** What the step was expected to do, in words. */
export function expectationText(result: StepResult): string {
  if (result.expect === 'throws') return 'vmap must throw and change nothing';
  if (result.expect === 'lists') return 'must list every BatchNorm that tracks running stats';
  return `vmap must run and match within rtol ${TOLERANCE.rtol}, atol ${TOLERANCE.atol}`;
}

/** The run's verdict: all steps as expected, or how many were not, with the total time. */
export function verdictText(results: readonly StepResult[]): string {
  const failed = results.filter((r) => !r.ok).length;
  const total = formatSeconds(results.reduce((sum, r) => sum + r.ms, 0));
  return failed === 0
    ? `All ${results.length} steps behaved as expected (${total}).`
    : `${failed} of ${results.length} steps did NOT behave as expected (${total}).`;
}
