// BatchNorm's per-channel normalisation on the WebAssembly backend: y = x * scale[c] + shift[c] over the
// [N, C, S] planes of a contiguous input, in float64 arithmetic as the TypeScript kernel (equal results).
import type { WasmRuntime } from './runtime.js';

/** out[n, c, s] = x[xOff + (n * C + c) * size + s] * scale[c] + shift[c], for `planes` = N * C planes. */
export function affinePlanes(
  rt: WasmRuntime,
  x: Float32Array,
  xOff: number,
  planes: number,
  size: number,
  scale: Float64Array,
  shift: Float64Array,
  out: Float32Array,
): void {
  const arena = rt.arena;
  arena.reset();
  const src = arena.putFloats(x, xOff, planes * size);
  const channels = scale.length;
  const factors = arena.alloc(16 * channels);
  const doubles = new Float64Array(arena.floats.buffer, factors, 2 * channels);
  doubles.set(scale);
  doubles.set(shift, channels);
  const dst = arena.alloc(planes * size * 4);
  rt.affinePlanes(src, dst, planes, size, factors, factors + 8 * channels, channels);
  out.set(arena.floats.subarray(dst >> 2, (dst >> 2) + planes * size));
}
