// The source of a backend worker thread, as text: it runs from a string (a Blob URL in browsers, `eval` in
// Node's worker_threads, as a script or a module: it uses neither `require` nor `import`), so no bundler has
// to find a separate file. The worker instantiates the kernels
// module on the shared memory, says it is ready, then waits for jobs on the control words (layout in
// pool.ts) and runs its share of each; an exception is recorded for the op that ran, never lost.

/** Control words (Int32Array indices) shared with pool.ts. */
export const CONTROL = {
  generation: 0,
  pending: 1,
  failed: 2,
  messageLength: 4,
  message: 8,
  messageCapacity: 248,
  jobs: 256,
  wordsPerJob: 8,
  /** Within a job's words: the kernel (an index into KERNELS), its four arguments, the generation the job is
   * for, and the worker's ready flag. */
  kernel: 0,
  args: 1,
  forGeneration: 5,
  ready: 6,
} as const;

/** The exports of the kernels module a job may run, by index (each takes at most four i32 arguments). */
export const KERNELS = [
  'gemm_tasks',
  'winograd_input',
  'winograd_output',
  'affine_planes',
  'max_pool',
  'depthwise_conv',
  'max_pool_3x3',
  'depthwise_conv_3x3',
  'col2im',
  'winograd_output_gradient',
] as const;

export const WORKER_SOURCE = `
const C = ${JSON.stringify(CONTROL)};
const run = ({ module, memory, control, index }) => {
  const ctl = new Int32Array(control);
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const kernels = ${JSON.stringify(KERNELS)}.map((name) => exports[name]);
  const job = C.jobs + index * C.wordsPerJob;
  let seen = Atomics.load(ctl, C.generation);
  Atomics.store(ctl, job + C.ready, 1);
  for (;;) {
    Atomics.wait(ctl, C.generation, seen);
    seen = Atomics.load(ctl, C.generation);
    if (Atomics.load(ctl, job + C.forGeneration) !== seen) continue;
    try {
      const a = job + C.args;
      kernels[ctl[job + C.kernel]](ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3]);
    } catch (error) {
      if (Atomics.compareExchange(ctl, C.failed, 0, 1) === 0) {
        const text = String(error && error.message ? error.name + ': ' + error.message : error);
        const n = Math.min(text.length, C.messageCapacity);
        for (let i = 0; i < n; i++) ctl[C.message + i] = text.charCodeAt(i);
        ctl[C.messageLength] = n;
      }
    }
    if (Atomics.sub(ctl, C.pending, 1) === 1) Atomics.notify(ctl, C.pending);
  }
};
const node = typeof process === 'object' && process.getBuiltinModule;
if (node) run(process.getBuiltinModule('node:worker_threads').workerData);
else self.onmessage = (event) => run(event.data);
`;
