// The WebAssembly backend's one instance: the kernels module assembled for this engine's features, the shared
// memory (arena) it works in, and the helper-thread pool, created on first use.

import { ModuleBuilder } from '../emit/assembler.js';
import { addCol2im, addWinogradOutputGradient } from '../emit/conv-backward.js';
import { addWinogradInput, addWinogradOutput, addWinogradWeights } from '../emit/conv-winograd.js';
import { addRanges } from '../emit/elementwise.js';
import { addGemm } from '../emit/linalg.js';
import { addAffinePlanes } from '../emit/norm.js';
import { addPadPlanes } from '../emit/planes.js';
import { addWindowKernels } from '../emit/windows.js';
import { Arena, MAX_PAGES } from './arena.js';
import { wasmFeatures } from './features.js';
import { canStartWorkers, KERNELS, ThreadPool } from './thread-pool.js';

/** Rows of the GEMM register tile: 4 x 8 (8 accumulators) measured fastest on x86-64 V8 (39 vs 30 GFLOP/s at 6 x 8). */
export const MR = 4;

export interface WasmRuntime {
  arena: Arena;
  /** The exports of KERNELS (thread-pool.ts), which helpers run too, by index. */
  kernels: ((a: number, b: number, c: number, d: number) => void)[];
  /** pad_planes(src, dst, planes, h, w, hp, wp, top, left, fill): see emit/planes.ts. */
  padPlanes: (
    ...args: [number, number, number, number, number, number, number, number, number, number]
  ) => void;
  /** relu_range(src, dst, n), add_range(a, b, dst, n): see emit/elementwise.ts. */
  reluRange: (src: number, dst: number, n: number) => void;
  addRange: (a: number, b: number, dst: number, n: number) => void;
  /** winograd_weights(src, dst, O, C): see emit/conv-winograd.ts. */
  winogradWeights: (src: number, dst: number, outChannels: number, inChannels: number) => void;
  /** Helper threads, when this engine can run them on shared memory. */
  pool: ThreadPool | null;
}

let runtime: WasmRuntime | null | undefined;

/**
 * The runtime, or null when this engine cannot run the backend: no WebAssembly SIMD, or a module it will not
 * compile synchronously (an engine may limit that on a browser's main thread; Chromium compiles it there).
 */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime !== undefined) return runtime;
  const features = wasmFeatures();
  try {
    runtime = features.simd ? instantiate(features.relaxedSimd, features.threads && canStartWorkers()) : null;
  } catch {
    runtime = null;
  }
  return runtime;
}

function instantiate(relaxed: boolean, shared: boolean): WasmRuntime {
  const builder = new ModuleBuilder({ initial: 1, maximum: MAX_PAGES, shared });
  addGemm(builder, { mr: MR, relaxed });
  addPadPlanes(builder);
  addAffinePlanes(builder);
  addWindowKernels(builder);
  addRanges(builder);
  addWinogradInput(builder);
  addWinogradWeights(builder);
  addWinogradOutput(builder);
  addCol2im(builder);
  addWinogradOutputGradient(builder);
  const module = new WebAssembly.Module(builder.encode());
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return {
    arena: new Arena(memory),
    kernels: KERNELS.map((name) => instance.exports[name] as WasmRuntime['kernels'][number]),
    padPlanes: instance.exports.pad_planes as WasmRuntime['padPlanes'],
    reluRange: instance.exports.relu_range as WasmRuntime['reluRange'],
    addRange: instance.exports.add_range as WasmRuntime['addRange'],
    winogradWeights: instance.exports.winograd_weights as WasmRuntime['winogradWeights'],
    pool: shared ? new ThreadPool(module, memory) : null,
  };
}
