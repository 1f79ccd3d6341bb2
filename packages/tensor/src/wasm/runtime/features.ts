// What the engine offers the WebAssembly backend, detected once at first use: SIMD, relaxed SIMD (a fused or
// unfused multiply-add) and threads (shared memory that workers can use).
import { FunctionBuilder, ModuleBuilder, v128 } from '../emit/assembler.js';

export interface WasmFeatures {
  /** WebAssembly with 128-bit SIMD: the backend needs it. */
  simd: boolean;
  /** `f32x4.relaxed_madd`: the GEMM micro-kernel uses it when present. */
  relaxedSimd: boolean;
  /**
   * Shared WebAssembly.Memory usable from workers, and a calling thread that may block on it (in browsers:
   * `crossOriginIsolated`, and not the main thread).
   */
  threads: boolean;
}

/** Whether a one-function module whose body `emit` writes (v128, v128, v128) -> v128 validates. */
function validates(emit: (f: FunctionBuilder) => void): boolean {
  if (typeof WebAssembly !== 'object') return false;
  const f = new FunctionBuilder([v128, v128, v128], [v128]);
  emit(f);
  const mod = new ModuleBuilder({ initial: 1, maximum: 1, shared: false });
  mod.add(f);
  return WebAssembly.validate(mod.encode());
}

function sharedMemoryWorks(): boolean {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false || typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') {
    return false;
  }
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    // the calling thread blocks while helpers run: not allowed on a browser's main thread (this throws there)
    Atomics.wait(new Int32Array(memory.buffer), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

let detected: WasmFeatures | undefined;

/** The features of this engine (detected on the first call). */
export function wasmFeatures(): WasmFeatures {
  detected ??= {
    simd: validates((f) => f.get(0).get(1).f32x4Mul()),
    relaxedSimd: validates((f) => f.get(0).get(1).get(2).f32x4RelaxedMadd()),
    threads: typeof WebAssembly === 'object' && sharedMemoryWorks(),
  };
  return detected;
}
