// Padding of image planes in WebAssembly memory: each h x w plane of a contiguous batch is copied into an
// hp x wp plane at (top, left), the border filled with a value (0 for convolution, -inf for max pooling).
import { FunctionBuilder, f32, i32, type ModuleBuilder } from './assembler.js';
import { forRange } from './loops.js';

/** Adds `pad_planes(src, dst, planes, h, w, hp, wp, top, left, fill)` to `mod` (addresses in bytes). */
export function addPadPlanes(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32, i32, i32, i32, i32, i32, i32, f32], []);
  const [src, dst, planes, h, w, hp, wp, top, left, fill] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [plane, y, from, to, at, end] = f.localsOf(i32, 6);
  // the whole padded batch takes the fill value, four floats at a time and then one at a time
  f.get(dst).set(at);
  f.get(dst).get(planes).get(hp).i32Mul().get(wp).i32Mul().i32Const(2).i32Shl().i32Add().set(end);
  f.block(() => {
    f.loop(() => {
      f.get(at).i32Const(16).i32Add().get(end).i32GtS().brIf(1);
      f.get(at).get(fill).f32x4Splat().v128Store();
      f.get(at).i32Const(16).i32Add().set(at).br(0);
    });
  });
  forRange(
    f,
    at,
    () => f.get(at),
    () => f.get(end),
    4,
    () => {
      f.get(at).get(fill).f32Store();
    },
  );
  forRange(
    f,
    plane,
    () => f.i32Const(0),
    () => f.get(planes),
    1,
    () => {
      f.get(dst).get(top).get(wp).i32Mul().get(left).i32Add().i32Const(2).i32Shl().i32Add().set(to);
      f.get(src).set(from);
      forRange(
        f,
        y,
        () => f.i32Const(0),
        () => f.get(h),
        1,
        () => {
          f.get(to).get(from).get(w).i32Const(2).i32Shl().memoryCopy();
          f.get(to).get(wp).i32Const(2).i32Shl().i32Add().set(to);
          f.get(from).get(w).i32Const(2).i32Shl().i32Add().set(from);
        },
      );
      f.get(src).get(h).get(w).i32Mul().i32Const(2).i32Shl().i32Add().set(src);
      f.get(dst).get(hp).get(wp).i32Mul().i32Const(2).i32Shl().i32Add().set(dst);
    },
  );
  mod.add(f, 'pad_planes');
}
