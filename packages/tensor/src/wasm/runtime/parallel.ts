// Running a kernel of the WebAssembly backend on the calling thread and the ready helper threads: how many
// threads an amount of work affords, and one job per thread.

import type { WasmRuntime } from './instance.js';
import type { Job } from './thread-pool.js';
import { getNumThreads, minWorkPerThread } from './threads.js';

/**
 * The threads to use for `work` multiply-adds (or comparable units): up to getNumThreads(), as many as are
 * ready, at least minWorkPerThread() each. Starts the helpers of a new thread count in the background.
 */
export function threadsFor(rt: WasmRuntime, work: number): number {
  const wanted = getNumThreads();
  rt.pool?.resize(wanted - 1);
  const affordable = Math.floor(work / Math.max(1, minWorkPerThread()));
  return Math.max(1, Math.min(wanted, 1 + (rt.pool?.ready ?? 0), affordable));
}

/** Runs `jobs[0]` on the calling thread and the others on helpers (none: nothing); `label` names the op in an error. */
export function runJobs(rt: WasmRuntime, jobs: readonly Job[], label: string): void {
  const own = (job: Job) => rt.kernels[job.kernel]!(...job.args);
  if (jobs.length === 0) return;
  if (jobs.length === 1 || !rt.pool) own(jobs[0]!);
  else rt.pool.run(jobs, own, label);
}

/** Cuts [0, size) into `parts` ranges whose starts are multiples of `align`; empty ranges are dropped. */
export function cut(size: number, parts: number, align: number): [number, number][] {
  const step = Math.ceil(size / parts / align) * align;
  const ranges: [number, number][] = [];
  for (let at = 0; at < size; at += step) ranges.push([at, Math.min(size, at + step)]);
  return ranges;
}

/** One job per range of [0, size) cut into `threads` parts: kernel(descriptor, from, to). */
export function rangeJobs(kernel: number, descriptor: number, size: number, threads: number): Job[] {
  return cut(size, threads, 1).map(([from, to]) => ({ kernel, args: [descriptor, from, to, 0] as const }));
}
