// BatchNorm's per-channel normalisation on the WebAssembly backend: y = x * scale[c] + shift[c] over the
// [N, C, S] planes of a contiguous input, in float64 arithmetic as the TypeScript kernel (equal results),
// planes split across threads.
import { AFFINE_FIELDS } from './emit/norm.js';
import type { WasmRuntime } from './runtime/instance.js';
import { rangeJobs, runJobs, threadsFor } from './runtime/parallel.js';
import { KERNELS } from './runtime/thread-pool.js';

const AFFINE_PLANES = KERNELS.indexOf('affine_planes');

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
  const record: Record<(typeof AFFINE_FIELDS)[number], number> = {
    src,
    dst: arena.alloc(planes * size * 4),
    size,
    scale: factors,
    shift: factors + 8 * channels,
    channels,
  };
  const descriptor = arena.putFields(AFFINE_FIELDS, record);
  runJobs(rt, rangeJobs(AFFINE_PLANES, descriptor, planes, threadsFor(rt, planes * size)), 'batchNorm()');
  out.set(arena.floats.subarray(record.dst >> 2, (record.dst >> 2) + planes * size));
}
