// BatchNorm's normalisation on the WebAssembly backend, written with the assembler: a per-channel affine map
// over planes in f64x2 lanes, computed as the TypeScript kernel computes it.
import { FunctionBuilder, i32, type ModuleBuilder, v128 } from './assembler.js';
import { forRange } from './loops.js';

/** Words of an affine_planes descriptor (i32; addresses in bytes), in order. */
export const AFFINE_FIELDS = ['src', 'dst', 'size', 'scale', 'shift', 'channels'] as const;

/**
 * affine_planes(desc, from, to): planes p in [from, to) (size floats each) of src become x * scale[c] +
 * shift[c] in dst, c = p mod channels, with scale and shift float64 and the arithmetic in float64 (two lanes
 * of f64x2), rounded to float32 once at the end: as the TypeScript kernel computes it, so both backends give
 * equal results (and BatchNorm keeps float64's accuracy where x * scale and shift cancel).
 */
export function addAffinePlanes(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32], []);
  const [from, to] = [1, 2];
  const F = f.loadFields(AFFINE_FIELDS, 0);
  const [p, c, i, pairs, src, dst] = f.localsOf(i32, 6);
  const [a, b] = f.localsOf(v128, 2);
  f.get(F.size).i32Const(-2).i32And().set(pairs);
  f.get(from).get(F.channels).i32RemU().set(c);
  f.get(from).get(F.size).i32Mul().i32Const(2).i32Shl().tee(i).get(F.src).i32Add().set(src);
  f.get(i).get(F.dst).i32Add().set(dst);
  const address = (base: number) => f.get(base).get(i).i32Const(2).i32Shl().i32Add();
  forRange(
    f,
    p,
    () => f.get(from),
    () => f.get(to),
    1,
    () => {
      f.get(F.scale).get(c).i32Const(3).i32Shl().i32Add().v128Load64Splat().set(a);
      f.get(F.shift).get(c).i32Const(3).i32Shl().i32Add().v128Load64Splat().set(b);
      forRange(
        f,
        i,
        () => f.i32Const(0),
        () => f.get(pairs),
        2,
        () => {
          address(dst);
          address(src).v128Load64Zero().f64x2PromoteLowF32x4().get(a).f64x2Mul().get(b).f64x2Add();
          f.f32x4DemoteF64x2Zero().v128Store64Lane(0);
        },
      );
      f.get(pairs).get(F.size).i32LtS();
      f.if(() => {
        f.get(pairs).set(i);
        address(dst);
        address(src).f32Load().f64PromoteF32();
        f.get(F.scale).get(c).i32Const(3).i32Shl().i32Add().f64Load().f64Mul();
        f.get(F.shift).get(c).i32Const(3).i32Shl().i32Add().f64Load().f64Add();
        f.f32DemoteF64().f32Store();
      });
      f.get(src).get(F.size).i32Const(2).i32Shl().i32Add().set(src);
      f.get(dst).get(F.size).i32Const(2).i32Shl().i32Add().set(dst);
      f.get(c).i32Const(1).i32Add().tee(c).get(F.channels).i32Eq();
      f.if(() => {
        f.i32Const(0).set(c);
      });
    },
  );
  mod.add(f, 'affine_planes');
}
