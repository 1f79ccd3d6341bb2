// The kernel backends: 'wasm' (WebAssembly SIMD GEMM and convolution on helper threads) and 'js' (the
// TypeScript kernels, the reference and the fallback). Ops call GEMM and conv2d through here; the default
// backend is the fastest this engine runs.
import { RuntimeError, ValueError } from './errors.js';
import { type Conv2dGeometry, conv2d as jsConv2d } from './kernels/conv2d.js';
import { gemm as jsGemm } from './kernels/gemm.js';
import { conv2d as wasmConv2d } from './wasm/conv2d.js';
import { wasmFeatures } from './wasm/features.js';
import { gemm as wasmGemm } from './wasm/gemm.js';
import { wasmRuntime } from './wasm/runtime.js';
import { getNumThreads } from './wasm/threads.js';

export type BackendName = 'wasm' | 'js';

/** Multiply-adds below which copying operands into WebAssembly memory costs more than the SIMD kernel saves. */
const WASM_MIN_WORK = 4096;

let current: BackendName | undefined;

/** The backend ops run on: 'wasm' unless set otherwise or this engine lacks WebAssembly SIMD. */
export function getBackend(): BackendName {
  current ??= wasmRuntime() ? 'wasm' : 'js';
  return current;
}

/** Chooses the backend of GEMM (matmul, linear) and conv2d; every other op runs the same either way. */
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
  current = name;
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

/** kernels/gemm.ts's `gemm`, on the current backend. */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: Float32Array,
  bOff: number,
  bRowStride: number,
  bColStride: number,
  c: Float32Array,
  cOff: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  const rt = getBackend() === 'wasm' && m * n * k >= WASM_MIN_WORK ? wasmRuntime() : null;
  if (rt) {
    wasmGemm(
      rt,
      'matmul()',
      m,
      n,
      k,
      a,
      aOff,
      aRowStride,
      aColStride,
      b,
      bOff,
      bRowStride,
      bColStride,
      c,
      cOff,
      cRowStride,
      accumulate,
    );
  } else {
    jsGemm(
      m,
      n,
      k,
      a,
      aOff,
      aRowStride,
      aColStride,
      b,
      bOff,
      bRowStride,
      bColStride,
      c,
      cOff,
      cRowStride,
      accumulate,
    );
  }
}

/** kernels/conv2d.ts's `conv2d`, on the current backend. */
export function conv2d(
  g: Conv2dGeometry,
  input: Float32Array,
  inputOff: number,
  inputStrides: readonly [number, number, number, number],
  weight: Float32Array,
  weightOff: number,
  bias: Float32Array | null,
  biasOff: number,
  biasStride: number,
  out: Float32Array,
): void {
  const work = g.batch * g.outChannels * g.outH * g.outW * (g.inChannels / g.groups) * g.kernelH * g.kernelW;
  const rt = getBackend() === 'wasm' && work >= WASM_MIN_WORK ? wasmRuntime() : null;
  const kernel = rt ? wasmConv2d.bind(null, rt) : jsConv2d;
  kernel(g, input, inputOff, inputStrides, weight, weightOff, bias, biasOff, biasStride, out);
}
