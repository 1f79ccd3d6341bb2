// The kernel backends: 'wasm' (WebAssembly SIMD kernels, GEMM and convolution on helper threads) and 'js' (the
// TypeScript kernels, the reference and the fallback). Ops call GEMM, conv2d, max pooling, BatchNorm's
// normalisation and the ReLU and addition rows through here; the default backend is the fastest this engine runs.
import { RuntimeError, ValueError } from './errors.js';
import { conv2d as jsConv2d } from './kernels/conv.js';
import type { BinaryRow, UnaryRow } from './kernels/elementwise.js';
import { BINARY_ROWS, type BinaryKernel } from './kernels/elementwise-binary.js';
import { UNARY_ROWS, type UnaryKernel } from './kernels/elementwise-unary.js';
import { gemm as jsGemm } from './kernels/linalg.js';
import { type GroupedOutput, type GroupedView, affineByGroup as jsAffineByGroup } from './kernels/norm.js';
import { maxPool2dKernel as jsMaxPool2d, type PoolInput, type PoolWindow } from './kernels/pool.js';
import { isContiguousLayout } from './shape.js';
import { conv2d as wasmConv2d } from './wasm/conv.js';
import { addRange, reluRange } from './wasm/elementwise.js';
import { gemm as wasmGemm } from './wasm/linalg.js';
import { affinePlanes } from './wasm/norm.js';
import { wasmFeatures } from './wasm/runtime/features.js';
import { wasmRuntime } from './wasm/runtime/instance.js';
import { getNumThreads } from './wasm/runtime/threads.js';
import { maxPool2d as wasmMaxPool2d } from './wasm/runtime/windows.js';

export type BackendName = 'wasm' | 'js';

let current: BackendName | undefined;

/** The backend ops run on: 'wasm' unless set otherwise or this engine lacks WebAssembly SIMD. */
export function getBackend(): BackendName {
  current ??= wasmRuntime() ? 'wasm' : 'js';
  return current;
}

/**
 * Chooses the backend of the kernels above (GEMM for matmul and linear, conv2d, max pooling, BatchNorm's
 * normalisation, long ReLU and addition rows); every other op runs the same either way.
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

// Every GEMM and conv runs on the chosen backend whatever its size: results then depend only on the backend,
// not on how many samples an op carries, so an op under vmap equals the loop over its samples bit for bit.
// The memory-bound kernels below give equal results on both backends, so they may pick by layout.

/** The WebAssembly runtime when it is the backend, else null. */
function wasm() {
  return getBackend() === 'wasm' ? wasmRuntime() : null;
}

/** kernels/gemm.ts's `gemm`, on the current backend. */
export function gemm(...args: Parameters<typeof jsGemm>): void {
  const rt = wasm();
  if (rt) wasmGemm(rt, 'matmul()', ...args);
  else jsGemm(...args);
}

/**
 * kernels/conv2d.ts's `conv2d`, on the current backend. `weightVersion` is the version of the storage whose
 * array `weight` is (null for a temporary array): the backend may keep a transformed copy of the weight while
 * that version holds.
 */
export function conv2d(...args: [...Parameters<typeof jsConv2d>, weightVersion?: number | null]): void {
  const [g, ...rest] = args;
  const work = g.batch * g.outChannels * g.outH * g.outW * (g.inChannels / g.groups) * g.kernelH * g.kernelW;
  // an empty conv (a zero dim) is the bias alone: the TypeScript kernel writes it
  const rt = work > 0 ? wasm() : null;
  const [input, inputOff, inputStrides, weight, weightOff, bias, biasOff, biasStride, out, version] = rest;
  if (rt)
    wasmConv2d(
      rt,
      g,
      input,
      inputOff,
      inputStrides,
      weight,
      weightOff,
      bias,
      biasOff,
      biasStride,
      out,
      version ?? null,
    );
  else jsConv2d(g, input, inputOff, inputStrides, weight, weightOff, bias, biasOff, biasStride, out);
}

/** kernels/pool.ts's `maxPool2dKernel`, on the current backend (max is exact: equal results on both). */
export function maxPool2d(x: PoolInput, outH: number, outW: number, w: PoolWindow): Float32Array {
  const rt = x.data instanceof Float32Array ? wasm() : null;
  return rt ? wasmMaxPool2d(rt, x, outH, outW, w) : jsMaxPool2d(x, outH, outW, w);
}

/**
 * kernels/norm.ts's `affineByGroup`, on the current backend: per-channel groups of a contiguous [N, C, *]
 * input without weight and bias (BatchNorm's normalisation) go to WebAssembly, which computes as the
 * TypeScript kernel does (float64, one rounding).
 */
export function affineByGroup(...args: Parameters<typeof jsAffineByGroup>): void {
  const [x, out, scale, shift, weight, bias] = args;
  const rt = !weight && !bias && x.data instanceof Float32Array ? wasm() : null;
  const planes = rt ? channelPlanes(x, out) : null;
  if (rt && planes)
    affinePlanes(rt, x.data as Float32Array, x.offset, planes.count, planes.size, scale, shift, out.data);
  else jsAffineByGroup(...args);
}

/** The [N, C, S] planes of a per-channel grouping when input and output are both contiguous, else null. */
function channelPlanes(x: GroupedView, out: GroupedOutput): { count: number; size: number } | null {
  if (x.outerShape.length !== 1 || out.offset !== 0) return null;
  const [batch, ...rest] = x.innerShape;
  const shape = [batch!, x.outerShape[0]!, ...rest];
  const xStrides = [x.innerStrides[0]!, x.outerStrides[0]!, ...x.innerStrides.slice(1)];
  const outStrides = [out.innerStrides[0]!, out.outerStrides[0]!, ...out.innerStrides.slice(1)];
  if (!isContiguousLayout(shape, xStrides) || !isContiguousLayout(shape, outStrides)) return null;
  const size = rest.reduce((a, b) => a * b, 1);
  return { count: batch! * x.outerShape[0]!, size };
}

/** Rows shorter than this stay in JS: copying them in and out of WebAssembly memory would cost more. */
const WASM_MIN_ROW = 4096;

/** ReLU rows: long contiguous float32 ones on WebAssembly (an exact op: equal results). */
const reluRow: UnaryRow = (n, out, oi, os, x, xi, xs) => {
  const rt = n >= WASM_MIN_ROW && os === 1 && xs === 1 && x instanceof Float32Array ? wasm() : null;
  if (rt && out instanceof Float32Array) reluRange(rt, n, out, oi, x as Float32Array, xi);
  else UNARY_ROWS.relu(n, out, oi, os, x, xi, xs);
};

/** Addition rows: long contiguous float32 ones on WebAssembly (float32 sums either way: equal results). */
const addRow: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
  const contiguous = n >= WASM_MIN_ROW && os === 1 && as === 1 && bs === 1;
  const rt = contiguous && a instanceof Float32Array && b instanceof Float32Array ? wasm() : null;
  if (rt && out instanceof Float32Array)
    addRange(rt, n, out, oi, a as Float32Array, ai, b as Float32Array, bi);
  else BINARY_ROWS.add(n, out, oi, os, a, ai, as, b, bi, bs);
};

/** The unary row kernel `kernel` on the current backend. */
export function unaryRow(kernel: UnaryKernel): UnaryRow {
  return kernel === 'relu' ? reluRow : UNARY_ROWS[kernel];
}

/** The binary row kernel `kernel` on the current backend. */
export function binaryRow(kernel: BinaryKernel): BinaryRow {
  return kernel === 'add' ? addRow : BINARY_ROWS[kernel];
}
