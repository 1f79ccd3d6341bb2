// Zero-padding of images for convolution in WebAssembly memory: each h x w plane of a contiguous batch is
// copied into an hp x wp plane at (top, left), the border zero (bulk memory fill and copy).
import { FunctionBuilder, i32, type ModuleBuilder } from './assembler.js';
import { forRange } from './loops.js';

/** Adds `pad_planes(src, dst, planes, h, w, hp, wp, top, left)` to `mod` (addresses in bytes). */
export function addPadPlanes(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32, i32, i32, i32, i32, i32, i32], []);
  const [src, dst, planes, h, w, hp, wp, top, left] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const plane = f.local(i32);
  const y = f.local(i32);
  const from = f.local(i32);
  const to = f.local(i32);
  forRange(
    f,
    plane,
    () => f.i32Const(0),
    () => f.get(planes),
    1,
    () => {
      f.get(dst).i32Const(0).get(hp).get(wp).i32Mul().i32Const(2).i32Shl().memoryFill();
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
