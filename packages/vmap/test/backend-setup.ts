// Setup of the projects that rerun @bn/vmap's tests on another backend (vitest.config.ts at the root):
// BN_TEST_BACKEND 'js' runs the TypeScript kernels, 'wasm-threads' the WebAssembly ones on 2 threads with
// every GEMM and conv split across both.
import { setBackend, setNumThreads, startThreads } from '@bn/tensor';

const mode = process.env.BN_TEST_BACKEND;
if (mode === 'js') setBackend('js');
else if (mode === 'wasm-threads') {
  setBackend('wasm');
  setNumThreads(2, { minWorkPerThread: 0 });
  const threads = await startThreads();
  if (threads !== 2) throw new Error(`expected 2 threads to start, but ${threads} did`);
} else throw new Error(`BN_TEST_BACKEND: expected 'js' or 'wasm-threads', but got ${mode}`);
