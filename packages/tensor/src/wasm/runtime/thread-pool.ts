// Helper threads for the WebAssembly backend: worker_threads in Node, Web Workers in browsers, all on the one
// shared WebAssembly.Memory. Workers start in the background (`resize`) and an op hands work only to those
// already running, so no op ever waits for a thread to start, and none deadlocks where starting a worker
// needs the calling thread's event loop (browsers). Node workers are unref'd: they never keep a process alive.
import { RuntimeError } from '../../errors.js';
import { nodeBuiltin } from './node-builtin.js';
import { CONTROL, WORKER_SOURCE } from './worker-source.js';

export { KERNELS } from './worker-source.js';

/** The most helper threads a pool runs (beyond the calling thread). */
export const MAX_HELPERS = 31;

/** One thread's part of a parallel run: a kernel of KERNELS (worker-source.ts) and its arguments. */
export interface Job {
  kernel: number;
  args: readonly [number, number, number, number];
}

interface WorkerHandle {
  terminate(): unknown;
}

interface NodeWorkerThreads {
  Worker: new (
    source: string,
    options: { eval: true; workerData: unknown },
  ) => WorkerHandle & { unref(): void; on(event: 'error', listener: () => void): void };
}

const nodeWorkerThreads = () => nodeBuiltin<NodeWorkerThreads>('node:worker_threads');

/** Whether this engine can start helper threads at all. */
export function canStartWorkers(): boolean {
  return nodeWorkerThreads() !== undefined || typeof Worker === 'function';
}

/** An exception as the worker source records it: `Name: message`. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export class ThreadPool {
  private workers: WorkerHandle[] = [];
  /** Workers of the current size that failed to start (they are never given work). */
  private failed = 0;
  private control: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private scriptUrl: string | undefined;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
  ) {}

  /** Runs `helpers` workers from now on (starting them in the background; 0 stops them all). */
  resize(helpers: number): void {
    if (helpers === this.workers.length) return;
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    this.failed = 0;
    this.control = new Int32Array(
      new SharedArrayBuffer(4 * (CONTROL.jobs + MAX_HELPERS * CONTROL.wordsPerJob)),
    );
    for (let index = 0; index < helpers; index++) this.workers.push(this.start(index));
  }

  /** How many helpers are running and waiting for work. */
  get ready(): number {
    let count = 0;
    for (let i = 0; i < this.workers.length; i++)
      count += Atomics.load(this.control, this.jobWord(i, CONTROL.ready));
    return count;
  }

  /** Resolves with the number of running helpers once every helper runs or failed to start (polls). */
  async whenReady(): Promise<number> {
    while (this.ready + this.failed < this.workers.length)
      await new Promise((resolve) => setTimeout(resolve, 5));
    return this.ready;
  }

  /**
   * Runs `jobs[1..]` on ready helpers and `jobs[0]` through `runOwn` on the calling thread, and returns when
   * all are done. `jobs.length - 1` must not exceed `ready`. A failure in any thread is thrown as a
   * RuntimeError naming `label`, after every job has finished (they all write the same memory).
   */
  run(jobs: readonly Job[], runOwn: (job: Job) => void, label: string): void {
    const ctl = this.control;
    const generation = (Atomics.load(ctl, CONTROL.generation) + 1) | 0 || 1;
    let assigned = 0;
    for (let i = 0; i < this.workers.length && assigned < jobs.length - 1; i++) {
      if (Atomics.load(ctl, this.jobWord(i, CONTROL.ready)) !== 1) continue;
      const job = jobs[++assigned]!;
      ctl[this.jobWord(i, CONTROL.kernel)] = job.kernel;
      job.args.forEach((arg, k) => {
        ctl[this.jobWord(i, CONTROL.args + k)] = arg;
      });
      ctl[this.jobWord(i, CONTROL.forGeneration)] = generation;
    }
    if (assigned !== jobs.length - 1) {
      throw new RuntimeError(`${label}: ${jobs.length - 1} helper threads asked for, ${assigned} ready`);
    }
    Atomics.store(ctl, CONTROL.failed, 0);
    Atomics.store(ctl, CONTROL.pending, assigned);
    Atomics.store(ctl, CONTROL.generation, generation);
    Atomics.notify(ctl, CONTROL.generation);
    let own: unknown;
    try {
      runOwn(jobs[0]!);
    } catch (error) {
      own = error;
    }
    for (
      let left = Atomics.load(ctl, CONTROL.pending);
      left !== 0;
      left = Atomics.load(ctl, CONTROL.pending)
    ) {
      Atomics.wait(ctl, CONTROL.pending, left);
    }
    for (let i = 0; i < this.workers.length; i++) ctl[this.jobWord(i, CONTROL.forGeneration)] = 0;
    if (own !== undefined)
      throw new RuntimeError(`${label}: the calling thread failed: ${describeError(own)}`);
    if (Atomics.load(ctl, CONTROL.failed) !== 0) {
      const length = ctl[CONTROL.messageLength]!;
      const text = String.fromCharCode(...ctl.subarray(CONTROL.message, CONTROL.message + length));
      throw new RuntimeError(`${label}: a worker thread failed: ${text}`);
    }
  }

  private jobWord(index: number, word: number): number {
    return CONTROL.jobs + index * CONTROL.wordsPerJob + word;
  }

  private start(index: number): WorkerHandle {
    const data = { module: this.module, memory: this.memory, control: this.control.buffer, index };
    // a worker that fails to start is never marked ready, so never given work
    const control = this.control;
    const failed = () => {
      if (control === this.control) this.failed++;
    };
    const threads = nodeWorkerThreads();
    if (threads) {
      const worker = new threads.Worker(WORKER_SOURCE, { eval: true, workerData: data });
      worker.unref();
      worker.on('error', failed);
      return worker;
    }
    this.scriptUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(this.scriptUrl);
    worker.addEventListener('error', failed);
    worker.postMessage(data);
    return worker;
  }
}
