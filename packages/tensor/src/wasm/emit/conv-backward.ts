// The kernels of conv2d's gradients that are not GEMMs, written with the assembler: col2im, which adds the
// unfolded input gradient back into zero-padded image planes (plan/im2col.ts's `col2im` on the arena, planes
// split across threads).
import { FunctionBuilder, i32, type ModuleBuilder } from './assembler.js';
import { forRange } from './loops.js';

/** Words of a col2im descriptor (i32; addresses in bytes), in order. */
export const COL2IM_FIELDS = [
  'columns',
  'images',
  'batch',
  'channels',
  'kernelH',
  'kernelW',
  'outH',
  'outW',
  'strideH',
  'strideW',
  'dilationH',
  'dilationW',
  'paddedH',
  'paddedW',
] as const;

/**
 * col2im(desc, from, to): for channels c in [from, to) of every image n, adds row ((c * kernelH + i) * kernelW + j)
 * of the unfolded matrix at `columns` (batch * outH * outW columns, image n's from n * outH * outW) into the
 * paddedH x paddedW plane (n, c) at `images`: its column yo * outW + xo into pixel (yo * strideH + i * dilationH,
 * xo * strideW + j * dilationW), taps in order of (i, j) as the TypeScript col2im; four pixels per f32x4 where
 * strideW is 1.
 */
export function addCol2im(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32], []);
  const F = f.loadFields(COL2IM_FIELDS, 0);
  const [n, c, i, j, yo, xo, plane, src, dst, rowBytes, imagePixels, rowPixels] = f.localsOf(i32, 12);
  f.get(F.paddedW).i32Const(2).i32Shl().set(rowBytes);
  f.get(F.outH).get(F.outW).i32Mul().set(imagePixels);
  f.get(F.batch).get(imagePixels).i32Mul().set(rowPixels);
  forRange(
    f,
    n,
    () => f.i32Const(0),
    () => f.get(F.batch),
    1,
    () => {
      forRange(
        f,
        c,
        () => f.get(1),
        () => f.get(2),
        1,
        () => {
          f.get(n).get(F.channels).i32Mul().get(c).i32Add().get(F.paddedH).i32Mul().get(rowBytes).i32Mul();
          f.get(F.images).i32Add().set(plane);
          forRange(
            f,
            i,
            () => f.i32Const(0),
            () => f.get(F.kernelH),
            1,
            () => {
              forRange(
                f,
                j,
                () => f.i32Const(0),
                () => f.get(F.kernelW),
                1,
                () => {
                  // the row of tap (c, i, j), from image n's columns
                  f.get(c).get(F.kernelH).i32Mul().get(i).i32Add().get(F.kernelW).i32Mul().get(j).i32Add();
                  f.get(rowPixels).i32Mul().get(n).get(imagePixels).i32Mul().i32Add();
                  f.i32Const(2).i32Shl().get(F.columns).i32Add().set(src);
                  forRange(
                    f,
                    yo,
                    () => f.i32Const(0),
                    () => f.get(F.outH),
                    1,
                    () => {
                      // dst: pixel (yo * strideH + i * dilationH, j * dilationW) of the plane
                      f.get(yo)
                        .get(F.strideH)
                        .i32Mul()
                        .get(i)
                        .get(F.dilationH)
                        .i32Mul()
                        .i32Add()
                        .get(rowBytes)
                        .i32Mul();
                      f.get(j)
                        .get(F.dilationW)
                        .i32Mul()
                        .i32Const(2)
                        .i32Shl()
                        .i32Add()
                        .get(plane)
                        .i32Add()
                        .set(dst);
                      f.i32Const(0).set(xo);
                      f.get(F.strideW)
                        .i32Const(1)
                        .i32Eq()
                        .if(() => {
                          f.block(() => {
                            f.loop(() => {
                              f.get(xo).i32Const(4).i32Add().get(F.outW).i32GtS().brIf(1);
                              f.get(dst).get(dst).v128Load().get(src).v128Load().f32x4Add().v128Store();
                              f.get(dst).i32Const(16).i32Add().set(dst);
                              f.get(src).i32Const(16).i32Add().set(src);
                              f.get(xo).i32Const(4).i32Add().set(xo).br(0);
                            });
                          });
                        });
                      forRange(
                        f,
                        xo,
                        () => f.get(xo),
                        () => f.get(F.outW),
                        1,
                        () => {
                          f.get(dst).get(dst).f32Load().get(src).f32Load().f32Add().f32Store();
                          f.get(dst).get(F.strideW).i32Const(2).i32Shl().i32Add().set(dst);
                          f.get(src).i32Const(4).i32Add().set(src);
                        },
                      );
                    },
                  );
                },
              );
            },
          );
        },
      );
    },
  );
  mod.add(f, 'col2im');
}
