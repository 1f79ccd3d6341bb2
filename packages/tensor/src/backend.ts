// The kernel backends: 'wasm' (WebAssembly SIMD kernels, GEMM and convolution on helper threads) and 'js' (the
// TypeScript kernels, the reference and the fallback), each a `Kernels` (kernel-interface.ts). Ops reach the
// backend-dependent kernels through `kernels()`; `setBackend` swaps the implementation once. The default backend is
// the fastest this engine runs.
//
// Every GEMM and conv runs on the chosen backend whatever its size: results then depend only on the backend, not on
// how many samples an op carries, so an op under vmap equals the loop over its samples bit for bit.
import { RuntimeError, ValueError } from './errors.js';
import type { Kernels } from './kernel-interface.js';
import { jsKernels } from './kernels/index.js';
import { wasmKernels } from './wasm/index.js';
import { wasmFeatures } from './wasm/runtime/features.js';
import { wasmRuntime } from './wasm/runtime/instance.js';
import { getNumThreads } from './wasm/runtime/threads.js';

export type BackendName = 'wasm' | 'js';

let current: { name: BackendName; kernels: Kernels } | undefined;

/** The backend named `name`, its kernels built once (WebAssembly's on its runtime instance). */
function select(name: BackendName): { name: BackendName; kernels: Kernels } {
  const rt = name === 'wasm' ? wasmRuntime() : null;
  return { name, kernels: rt ? wasmKernels(rt) : jsKernels };
}

function chosen(): { name: BackendName; kernels: Kernels } {
  current ??= select(wasmRuntime() ? 'wasm' : 'js');
  return current;
}

/** The backend ops run on: 'wasm' unless set otherwise or this engine lacks WebAssembly SIMD. */
export function getBackend(): BackendName {
  return chosen().name;
}

/** The kernels of the current backend. */
export function kernels(): Kernels {
  return chosen().kernels;
}

/**
 * Chooses the backend of the backend-dependent kernels (GEMM for matmul and linear, conv2d, max pooling,
 * BatchNorm's normalisation, long ReLU and addition rows); every other op runs the same either way.
 */
export function setBackend(name: BackendName): void {
  if (name !== 'wasm' && name !== 'js') {
    throw new ValueError(
      `setBackend(): expected 'wasm' or 'js', but got ${JSON.stringify(name) ?? String(name)}`,
    );
  }
  if (name === 'wasm' && !wasmRuntime()) {
    throw new RuntimeError(
      "setBackend(): the 'wasm' backend needs WebAssembly SIMD, which this engine does not have",
    );
  }
  if (current?.name !== name) current = select(name);
}

/**
 * Starts the WebAssembly backend's helper threads now (rather than at the first large op) and resolves, once
 * they run, with the number of threads ops will use: getNumThreads(), or fewer where helpers cannot start
 * (1 without thread support).
 */
export async function startThreads(): Promise<number> {
  const rt = wasmRuntime();
  if (!rt?.pool) return 1;
  rt.pool.resize(getNumThreads() - 1);
  return 1 + (await rt.pool.whenReady());
}

export { wasmFeatures };
