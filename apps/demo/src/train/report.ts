// Building a story's report: facts, checks against a tolerance, curves and numbers, and the timing helper the
// stories share.
import type { Check, Curve, StoryReport } from './types.js';

export function emptyReport(): StoryReport {
  return { facts: [], checks: [], curves: [], metrics: {} };
}

/** Records that `maxDiff` must be at most `tolerance`; returns the check. */
export function checkClose(report: StoryReport, what: string, maxDiff: number, tolerance: number): Check {
  const check = { what, maxDiff, tolerance, ok: maxDiff <= tolerance };
  report.checks.push(check);
  return check;
}

export function checkThat(report: StoryReport, what: string, ok: boolean): Check {
  const check = { what, ok };
  report.checks.push(check);
  return check;
}

/** A new loss curve of the report, to push losses into. */
export function addCurve(report: StoryReport, label: string): Curve {
  const curve = { label, losses: [] };
  report.curves.push(curve);
  return curve;
}

/** `fn()`'s result and how long it took, in ms. */
export function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

/** 0.9512 -> "95.12%". */
export const percent = (fraction: number): string => `${(100 * fraction).toFixed(2)}%`;
