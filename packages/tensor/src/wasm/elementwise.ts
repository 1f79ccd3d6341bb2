// ReLU and addition over long contiguous float32 rows on the WebAssembly backend: the operands copied into
// the arena, f32x4 lanes, the result copied out (faster than a JS loop, whose compare-and-branch ReLU
// mispredicts on random signs). Same results as the TypeScript rows.
import type { WasmRuntime } from './runtime/instance.js';

/** out[oi .. oi + n) = max(x[xi ..], 0). */
export function reluRange(
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
export function addRange(
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
