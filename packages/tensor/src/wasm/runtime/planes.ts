// Images into the arena for the window kernels (convolution, pooling): contiguous planes, padded with a fill
// value when the windows reach past the image.
import { copyStrided } from '../../plan/strided.js';
import type { WasmRuntime } from './instance.js';

/**
 * Copies the [n, c, h, w] input (read through `strides` from `offset`) into the arena as n * c planes of
 * hp x wp floats, the image at (top, left) and `fill` around it; returns the address of the first plane.
 */
export function putPaddedPlanes(
  rt: WasmRuntime,
  input: ArrayLike<number> & { subarray(begin: number, end: number): ArrayLike<number> },
  offset: number,
  strides: readonly number[],
  shape: readonly [number, number, number, number],
  [hp, wp]: readonly [number, number],
  top: number,
  left: number,
  fill: number,
): number {
  const [n, c, h, w] = shape;
  const arena = rt.arena;
  const raw = arena.alloc(n * c * h * w * 4);
  copyStrided(
    input as Float32Array,
    offset,
    strides,
    arena.floats,
    raw >> 2,
    [c * h * w, h * w, w, 1],
    shape,
  );
  if (hp === h && wp === w) return raw;
  const planes = arena.alloc(n * c * hp * wp * 4);
  rt.padPlanes(raw, planes, n * c, h, w, hp, wp, top, left, fill);
  return planes;
}
