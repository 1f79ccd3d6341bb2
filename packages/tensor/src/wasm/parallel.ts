// Running a kernel of the WebAssembly backend on the calling thread and the ready helper threads: how many
// threads an amount of work affords, and one job per thread.
import type { Job } from './pool.js';
import type { WasmRuntime } from './runtime.js';
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

/** One job per range of [0, size) cut into `threads` parts: kernel(descriptor, from, to). */
export function rangeJobs(kernel: number, descriptor: number, size: number, threads: number): Job[] {
  const step = Math.max(1, Math.ceil(size / threads));
  const jobs: Job[] = [];
  for (let from = 0; from < size; from += step) {
    jobs.push({ kernel, args: [descriptor, from, Math.min(size, from + step), 0] });
  }
  return jobs;
}
