// Images into the arena for the window kernels (convolution, pooling): contiguous planes, padded with a fill
// value when the windows reach past the image.
import type { ImageBatch } from '../../kernel-interface.js';
import { copyStrided } from '../../plan/strided.js';
import type { WasmRuntime } from './instance.js';

/**
 * Copies the images `x` into the arena as n * c planes of hp x wp floats, each image at (top, left) and `fill`
 * around it; returns the address of the first plane.
 */
export function putPaddedPlanes(
  rt: WasmRuntime,
  x: ImageBatch,
  [hp, wp]: readonly [number, number],
  top: number,
  left: number,
  fill: number,
): number {
  const [n, c, h, w] = x.shape;
  const arena = rt.arena;
  const raw = arena.alloc(n * c * h * w * 4);
  copyStrided(x.data, x.offset, x.strides, arena.floats, raw >> 2, [c * h * w, h * w, w, 1], x.shape);
  if (hp === h && wp === w) return raw;
  const planes = arena.alloc(n * c * hp * wp * 4);
  rt.padPlanes(raw, planes, n * c, h, w, hp, wp, top, left, fill);
  return planes;
}
