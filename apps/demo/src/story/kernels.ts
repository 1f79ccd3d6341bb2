// The kernels the story runs on: @bn/tensor's backend, the SIMD it uses and its threads, started before the first
// step (in the worker that runs the story) and named in one line that the terminal and the page both show.
import { type BackendName, getBackend, startThreads, wasmFeatures } from '@bn/tensor';

export interface Kernels {
  /** 'wasm' (WebAssembly SIMD) or 'js' (the TypeScript reference kernels). */
  backend: BackendName;
  /** Whether the engine has WebAssembly SIMD, and relaxed SIMD (the GEMM micro-kernel's fused multiply-add). */
  simd: boolean;
  relaxedSimd: boolean;
  /** The threads GEMM and convolution run on, the calling one included, all of them running. */
  threads: number;
}

/** Starts the backend's helper threads and resolves with what the story's ops will run on. */
export async function startKernels(): Promise<Kernels> {
  const backend = getBackend();
  const { simd, relaxedSimd } = wasmFeatures();
  // the TypeScript kernels run on the calling thread only
  const threads = backend === 'wasm' ? await startThreads() : 1;
  return { backend, simd, relaxedSimd, threads };
}

/** "kernels: wasm (SIMD, 2 threads)", "kernels: wasm (relaxed SIMD, 1 thread)" or "kernels: js (TypeScript, ...)". */
export function kernelsText(kernels: Kernels): string {
  const kind = kernels.backend === 'js' ? 'TypeScript' : kernels.relaxedSimd ? 'relaxed SIMD' : 'SIMD';
  const threads = `${kernels.threads} thread${kernels.threads === 1 ? '' : 's'}`;
  return `kernels: ${kernels.backend} (${kind}, ${threads})`;
}
