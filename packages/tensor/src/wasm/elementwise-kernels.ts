// Memory-bound kernels of the WebAssembly backend, written with the assembler: a per-channel affine map
// (BatchNorm's normalisation) in f64x2 lanes, and max pooling whose running max is an f32x4.max (branch-free,
// nan-propagating), where a compare-and-branch in JS mispredicts on every other tap of random data.
import { FunctionBuilder, i32, type ModuleBuilder, v128 } from './assembler.js';
import { forRange } from './loops.js';

/**
 * affine_planes(src, dst, planes, size, scale, shift, channels): plane p (size floats) of src becomes
 * x * scale[c] + shift[c] in dst, c = p mod channels, with scale and shift float64 and the arithmetic in
 * float64 (two lanes of f64x2), rounded to float32 once at the end: as the TypeScript kernel computes it, so
 * both backends give equal results (and BatchNorm keeps float64's accuracy where x * scale and shift cancel).
 */
export function addAffinePlanes(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32, i32, i32, i32, i32], []);
  const [src, dst, planes, size, scale, shift, channels] = [0, 1, 2, 3, 4, 5, 6];
  const [p, c, i, pairs] = [f.local(i32), f.local(i32), f.local(i32), f.local(i32)];
  const [a, b] = [f.local(v128), f.local(v128)];
  f.get(size).i32Const(-2).i32And().set(pairs);
  const address = (base: number) => f.get(base).get(i).i32Const(2).i32Shl().i32Add();
  forRange(
    f,
    p,
    () => f.i32Const(0),
    () => f.get(planes),
    1,
    () => {
      f.get(scale).get(c).i32Const(3).i32Shl().i32Add().v128Load64Splat().set(a);
      f.get(shift).get(c).i32Const(3).i32Shl().i32Add().v128Load64Splat().set(b);
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
      f.get(pairs).get(size).i32LtS();
      f.if(() => {
        f.get(pairs).set(i);
        address(dst);
        address(src).f32Load().f64PromoteF32();
        f.get(scale).get(c).i32Const(3).i32Shl().i32Add().f64Load().f64Mul();
        f.get(shift).get(c).i32Const(3).i32Shl().i32Add().f64Load().f64Add();
        f.f32DemoteF64().f32Store();
      });
      f.get(src).get(size).i32Const(2).i32Shl().i32Add().set(src);
      f.get(dst).get(size).i32Const(2).i32Shl().i32Add().set(dst);
      f.get(c).i32Const(1).i32Add().tee(c).get(channels).i32Eq();
      f.if(() => {
        f.i32Const(0).set(c);
      });
    },
  );
  mod.add(f, 'affine_planes');
}

/** Words of a max-pool descriptor (i32; addresses in bytes, sizes and strides in elements), in order. */
export const POOL_FIELDS = [
  'src',
  'dst',
  'planes',
  'height',
  'width',
  'outH',
  'outW',
  'strideH',
  'strideW',
  'padH',
  'padW',
  'dilationH',
  'dilationW',
  'rowLo',
  'rowHi',
  'colLo',
  'colHi',
] as const;

/**
 * max_pool(desc): each contiguous height x width plane of src gives an outH x outW plane of dst, each element
 * the max over its window's taps [rowLo[y], rowHi[y]) x [colLo[x], colHi[x]) (the taps inside the image).
 */
export function addMaxPool(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32], []);
  const desc = 0;
  const field = Object.fromEntries(
    POOL_FIELDS.map((key, w) => {
      const local = f.local(i32);
      f.get(desc)
        .i32Load(4 * w)
        .set(local);
      return [key, local];
    }),
  ) as Record<(typeof POOL_FIELDS)[number], number>;
  const [p, y, x, i, j, plane, rowAt, at, out] = Array.from({ length: 9 }, () => f.local(i32)) as number[];
  const [rowStep, colStep] = [f.local(i32), f.local(i32)];
  const max = f.local(v128);
  const bytes = (local: number) => f.get(local).i32Const(2).i32Shl();
  // distances between taps in bytes
  f.get(field.dilationH!).get(field.width!).i32Mul().i32Const(2).i32Shl().set(rowStep!);
  f.get(field.dilationW!).i32Const(2).i32Shl().set(colStep!);
  f.get(field.src!).set(plane!);
  f.get(field.dst!).set(out!);
  forRange(
    f,
    p!,
    () => f.i32Const(0),
    () => f.get(field.planes!),
    1,
    () => {
      forRange(
        f,
        y!,
        () => f.i32Const(0),
        () => f.get(field.outH!),
        1,
        () => {
          // the address of tap (0, 0) of row y's windows at x = 0, before the column offset
          f.get(plane!)
            .get(y!)
            .get(field.strideH!)
            .i32Mul()
            .get(field.padH!)
            .i32Sub()
            .get(field.width!)
            .i32Mul();
          f.i32Const(2).i32Shl().i32Add().set(rowAt!);
          forRange(
            f,
            x!,
            () => f.i32Const(0),
            () => f.get(field.outW!),
            1,
            () => {
              f.f32Const(Number.NEGATIVE_INFINITY).f32x4Splat().set(max);
              f.get(rowAt!)
                .get(x!)
                .get(field.strideW!)
                .i32Mul()
                .get(field.padW!)
                .i32Sub()
                .i32Const(2)
                .i32Shl();
              f.i32Add().set(at!);
              forRange(
                f,
                i!,
                () => f.get(field.rowLo!).get(y!).i32Const(2).i32Shl().i32Add().i32Load(),
                () => f.get(field.rowHi!).get(y!).i32Const(2).i32Shl().i32Add().i32Load(),
                1,
                () => {
                  forRange(
                    f,
                    j!,
                    () => f.get(field.colLo!).get(x!).i32Const(2).i32Shl().i32Add().i32Load(),
                    () => f.get(field.colHi!).get(x!).i32Const(2).i32Shl().i32Add().i32Load(),
                    1,
                    () => {
                      f.get(max);
                      f.get(at!)
                        .get(i!)
                        .get(rowStep!)
                        .i32Mul()
                        .i32Add()
                        .get(j!)
                        .get(colStep!)
                        .i32Mul()
                        .i32Add();
                      f.v128Load32Splat().f32x4Max().set(max);
                    },
                  );
                },
              );
              f.get(out!).get(max).f32x4ExtractLane(0).f32Store();
              f.get(out!).i32Const(4).i32Add().set(out!);
            },
          );
        },
      );
      bytes(field.height!);
      f.get(field.width!).i32Mul().get(plane!).i32Add().set(plane!);
    },
  );
  mod.add(f, 'max_pool');
}
