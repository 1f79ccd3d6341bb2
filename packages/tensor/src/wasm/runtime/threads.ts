// How many threads the WebAssembly backend uses, and how much work makes a helper thread worth waking.
import { ValueError } from '../../errors.js';
import { nodeBuiltin } from './node-builtin.js';
import { MAX_HELPERS } from './thread-pool.js';

/** Multiply-adds below which a helper thread costs more to wake than it saves (~30 us of work). */
const DEFAULT_MIN_WORK = 1 << 19;

function defaultThreads(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number }>('node:os');
  const cores =
    os?.availableParallelism?.() ??
    (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, Math.min(MAX_HELPERS + 1, cores ?? 1));
}

let threads: number | undefined;
let minWork = DEFAULT_MIN_WORK;

/** Options of `setNumThreads`. */
export interface ThreadOptions {
  /**
   * Multiply-adds an op needs per thread before it is split across threads (default 2^19: smaller ops stay
   * on the calling thread, where waking a helper would cost more than it saves). 0 splits every op.
   */
  minWorkPerThread?: number;
}

/**
 * Sets the threads the WebAssembly backend's kernels use, the calling thread included
 * (torch.set_num_threads). The default is the number of cores. Helper threads start in the background and
 * take work once running; where the engine has no shared memory or workers, one thread is used.
 */
export function setNumThreads(count: number, options: ThreadOptions = {}): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_HELPERS + 1) {
    throw new ValueError(
      `setNumThreads(): expected an integer number of threads in [1, ${MAX_HELPERS + 1}], but got ${String(count)}`,
    );
  }
  const work = options.minWorkPerThread ?? DEFAULT_MIN_WORK;
  if (!Number.isFinite(work) || work < 0) {
    throw new ValueError(
      `setNumThreads(): expected minWorkPerThread to be a non-negative number, but got ${String(work)}`,
    );
  }
  threads = count;
  minWork = work;
}

/** The threads set by `setNumThreads`, or the default (the number of cores). */
export function getNumThreads(): number {
  threads ??= defaultThreads();
  return threads;
}

/** Multiply-adds per thread below which ops are not split. */
export function minWorkPerThread(): number {
  return minWork;
}
