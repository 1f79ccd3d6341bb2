// The row kernels of the WebAssembly backend: ReLU and addition over long contiguous float32 rows in f32x4 lanes,
// the operands copied into the arena and the result out (faster than a JS loop, whose compare-and-branch ReLU
// mispredicts on random signs), with the same results as the TypeScript rows, which run every other row.

import type { Kernels } from '../kernel-interface.js';
import type { BinaryRow, UnaryRow } from '../kernels/elementwise.js';
import { BINARY_ROWS } from '../kernels/elementwise-binary.js';
import { UNARY_ROWS } from '../kernels/elementwise-unary.js';
import type { WasmRuntime } from './runtime/instance.js';

/** Rows shorter than this stay in JS: copying them in and out of WebAssembly memory would cost more. */
const WASM_MIN_ROW = 4096;

/**
 * `Kernels.unaryRow` and `Kernels.binaryRow` on runtime `rt`: long contiguous float32 ReLU and addition rows on
 * WebAssembly (exact ops, and float32 sums either way: equal results), every other row in TypeScript.
 */
export function rowKernels(rt: WasmRuntime): Pick<Kernels, 'unaryRow' | 'binaryRow'> {
  const relu: UnaryRow = (n, out, oi, os, x, xi, xs) => {
    const long = n >= WASM_MIN_ROW && os === 1 && xs === 1;
    if (long && x instanceof Float32Array && out instanceof Float32Array) reluRange(rt, n, out, oi, x, xi);
    else UNARY_ROWS.relu(n, out, oi, os, x, xi, xs);
  };
  const add: BinaryRow = (n, out, oi, os, a, ai, as, b, bi, bs) => {
    const long = n >= WASM_MIN_ROW && os === 1 && as === 1 && bs === 1;
    const floats = a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array;
    if (long && floats) addRange(rt, n, out, oi, a, ai, b, bi);
    else BINARY_ROWS.add(n, out, oi, os, a, ai, as, b, bi, bs);
  };
  return {
    unaryRow: (kernel) => (kernel === 'relu' ? relu : UNARY_ROWS[kernel]),
    binaryRow: (kernel) => (kernel === 'add' ? add : BINARY_ROWS[kernel]),
  };
}

/** out[oi .. oi + n) = max(x[xi ..], 0). */
function reluRange(
  rt: WasmRuntime,
  n: number,
  out: Float32Array,
  oi: number,
  x: Float32Array,
  xi: number,
): void {
  rt.arena.reset();
  const at = rt.arena.putFloats(x, xi, n);
  rt.reluRange(at, at, n);
  out.set(rt.arena.floats.subarray(at >> 2, (at >> 2) + n), oi);
}

/** out[oi .. oi + n) = a[ai ..] + b[bi ..]. */
function addRange(
  rt: WasmRuntime,
  n: number,
  out: Float32Array,
  oi: number,
  a: Float32Array,
  ai: number,
  b: Float32Array,
  bi: number,
): void {
  rt.arena.reset();
  const left = rt.arena.putFloats(a, ai, n);
  const right = rt.arena.putFloats(b, bi, n);
  rt.addRange(left, right, left, n);
  out.set(rt.arena.floats.subarray(left >> 2, (left >> 2) + n), oi);
}
