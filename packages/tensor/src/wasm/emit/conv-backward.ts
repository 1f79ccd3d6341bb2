// The kernels of conv2d's gradients that are not GEMMs, written with the assembler: col2im, which adds the
// unfolded input gradient back into zero-padded image planes (plan/im2col.ts's `col2im` on the arena), and the
// Winograd F(2x2, 3x3) transform of the output gradient for the weight gradient; both split across threads.
import { FunctionBuilder, i32, type ModuleBuilder, v128 } from './assembler.js';
import { HIGH_PAIRS, LOW_PAIRS, WINOGRAD_FIELDS } from './conv-winograd.js';
import { forJobPlanes, forRange, forUpTo } from './loops.js';

/** Words of a col2im descriptor (i32; addresses in bytes), in order. */
export const COL2IM_FIELDS = [
  'columns',
  'output',
  'batch',
  'channels',
  'height',
  'width',
  'kernelH',
  'kernelW',
  'outH',
  'outW',
  'strideH',
  'strideW',
  'dilationH',
  'dilationW',
  'padTop',
  'padLeft',
  'paddedH',
  'paddedW',
] as const;

/**
 * col2im(desc, from, to, plane): for channels c in [from, to) of every image n, the paddedH x paddedW scratch plane
 * at `plane` is zeroed, receives row ((c * kernelH + i) * kernelW + j) of the unfolded matrix at `columns`
 * (batch * outH * outW columns, image n's from n * outH * outW): its column yo * outW + xo added into pixel
 * (yo * strideH + i * dilationH, xo * strideW + j * dilationW), taps in order of (i, j) as the TypeScript col2im,
 * four pixels per f32x4 where strideW is 1; and its interior (height x width from (padTop, padLeft)) is copied to
 * plane (n, c) of the contiguous `output`.
 */
export function addCol2im(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32, i32], []);
  const F = f.loadFields(COL2IM_FIELDS, 0);
  const plane = 3;
  const [n, c, i, j, yo, xo, src, dst, rowBytes, imagePixels, rowPixels] = f.localsOf(i32, 11);
  f.get(F.paddedW).i32Const(2).i32Shl().set(rowBytes);
  f.get(F.outH).get(F.outW).i32Mul().set(imagePixels);
  f.get(F.batch).get(imagePixels).i32Mul().set(rowPixels);
  forJobPlanes(f, n, c, F.batch, 1, () => {
    f.get(plane).i32Const(0).get(F.paddedH).get(rowBytes).i32Mul().memoryFill();
    forUpTo(
      f,
      i,
      () => f.get(F.kernelH),
      () => {
        forUpTo(
          f,
          j,
          () => f.get(F.kernelW),
          () => {
            // the row of tap (c, i, j), from image n's columns
            f.get(c).get(F.kernelH).i32Mul().get(i).i32Add().get(F.kernelW).i32Mul().get(j).i32Add();
            f.get(rowPixels).i32Mul().get(n).get(imagePixels).i32Mul().i32Add();
            f.i32Const(2).i32Shl().get(F.columns).i32Add().set(src);
            forUpTo(
              f,
              yo,
              () => f.get(F.outH),
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
                f.get(j).get(F.dilationW).i32Mul().i32Const(2).i32Shl().i32Add().get(plane).i32Add().set(dst);
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
    // the interior, row by row, to plane (n, c) of the output
    forUpTo(
      f,
      yo,
      () => f.get(F.height),
      () => {
        f.get(n).get(F.channels).i32Mul().get(c).i32Add().get(F.height).i32Mul().get(yo).i32Add();
        f.get(F.width).i32Mul().i32Const(2).i32Shl().get(F.output).i32Add();
        f.get(F.padTop).get(yo).i32Add().get(rowBytes).i32Mul().get(F.padLeft).i32Const(2).i32Shl().i32Add();
        f.get(plane).i32Add();
        f.get(F.width).i32Const(2).i32Shl().memoryCopy();
      },
    );
  });
  mod.add(f, 'col2im');
}

/** The low halves of two vectors (a0 a1 b0 b1), and the high halves (a2 a3 b2 b3). */
const LOW_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const HIGH_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];

/**
 * winograd_output_gradient(desc, from, to): the weight gradient's transform of the output gradient, the adjoint of
 * winograd_output's A^T m A: Z[xi][t][o] = (A y A^T)[xi] for output channels o in [from, to) (multiples of four)
 * and every tile t = (n * tilesH + ty) * tilesW + tx, y the 2x2 block at (2 ty, 2 tx) of the output gradient's
 * plane (n, o) at `output` (zero-padded to 2 tilesH x 2 tilesW), A = [[1, 0], [1, 1], [1, -1], [0, -1]]; Z is
 * stored at `products`, tile-major, so that the GEMMs read its rows of channels as whole vectors. Four channels at
 * once, one per f32x4 lane, two tiles at a time (a 4x4 transpose of four channels' rows).
 */
export function addWinogradOutputGradient(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32], []);
  const F = f.loadFields(WINOGRAD_FIELDS, 0);
  const [n, o, ty, tx, plane, planeBytes, row, at, tiles, xiStride, rowBytes] = f.localsOf(i32, 11);
  const loaded = f.localsOf(v128, 4); // one row of four channels, then pairs of them
  const pairs = f.localsOf(v128, 4);
  const columns = [f.localsOf(v128, 4), f.localsOf(v128, 4)]; // [row][column 2 tx + j], lanes = channels
  const [u, v] = f.localsOf(v128, 2);
  f.get(F.batch).get(F.tilesH).i32Mul().get(F.tilesW).i32Mul().set(tiles);
  f.get(tiles).get(F.outChannels).i32Mul().i32Const(2).i32Shl().set(xiStride);
  f.get(F.tilesW).i32Const(3).i32Shl().set(rowBytes);
  f.get(F.tilesH).i32Const(1).i32Shl().get(rowBytes).i32Mul().set(planeBytes);
  forJobPlanes(f, n, o, F.batch, 4, () => {
    f.get(n)
      .get(F.outChannels)
      .i32Mul()
      .get(o)
      .i32Add()
      .get(planeBytes)
      .i32Mul()
      .get(F.output)
      .i32Add()
      .set(plane);
    forUpTo(
      f,
      ty,
      () => f.get(F.tilesH),
      () => {
        forUpTo(
          f,
          tx,
          () => f.get(F.tilesW),
          () => {
            for (const [r, column] of columns.entries()) {
              // row 2 ty + r, columns 2 tx .. 2 tx + 3 of channels o .. o + 3, transposed
              f.get(ty).i32Const(1).i32Shl().i32Const(r).i32Add().get(rowBytes).i32Mul();
              f.get(tx).i32Const(3).i32Shl().i32Add().get(plane).i32Add().set(row);
              for (const [k, vector] of loaded.entries()) {
                f.get(row).v128Load().set(vector);
                if (k < 3) f.get(row).get(planeBytes).i32Add().set(row);
              }
              const [r0, r1, r2, r3] = loaded as [number, number, number, number];
              const [p0, p1, p2, p3] = pairs as [number, number, number, number];
              f.get(r0).get(r1).i8x16Shuffle(LOW_PAIRS).set(p0);
              f.get(r0).get(r1).i8x16Shuffle(HIGH_PAIRS).set(p1);
              f.get(r2).get(r3).i8x16Shuffle(LOW_PAIRS).set(p2);
              f.get(r2).get(r3).i8x16Shuffle(HIGH_PAIRS).set(p3);
              f.get(p0).get(p2).i8x16Shuffle(LOW_HALVES).set(column[0]!);
              f.get(p0).get(p2).i8x16Shuffle(HIGH_HALVES).set(column[1]!);
              f.get(p1).get(p3).i8x16Shuffle(LOW_HALVES).set(column[2]!);
              f.get(p1).get(p3).i8x16Shuffle(HIGH_HALVES).set(column[3]!);
            }
            for (const half of [0, 1]) {
              // tile tx + half: its block's columns 2 half and 2 half + 1
              const [t0, t1] = [columns[0]![2 * half]!, columns[0]![2 * half + 1]!];
              const [b0, b1] = [columns[1]![2 * half]!, columns[1]![2 * half + 1]!];
              f.get(n).get(F.tilesH).i32Mul().get(ty).i32Add().get(F.tilesW).i32Mul().get(tx).i32Add();
              f.i32Const(half).i32Add().get(F.outChannels).i32Mul().get(o).i32Add();
              f.i32Const(2).i32Shl().get(F.products).i32Add().set(at);
              // A y: rows (u, v) = (t0, t1), (t0 + b0, t1 + b1), (t0 - b0, t1 - b1), (-b0, -b1)
              const rows: [() => void, () => void][] = [
                [() => f.get(t0), () => f.get(t1)],
                [() => f.get(t0).get(b0).f32x4Add(), () => f.get(t1).get(b1).f32x4Add()],
                [() => f.get(t0).get(b0).f32x4Sub(), () => f.get(t1).get(b1).f32x4Sub()],
                [
                  () => f.f32Const(0).f32x4Splat().get(b0).f32x4Sub(),
                  () => f.f32Const(0).f32x4Splat().get(b1).f32x4Sub(),
                ],
              ];
              for (const [first, second] of rows) {
                first();
                f.set(u);
                second();
                f.set(v);
                // ... A^T along the row: (u, u + v, u - v, -v), at Z[4i + j][tile][o..o + 3], xi in order
                for (const emit of [
                  () => f.get(u),
                  () => f.get(u).get(v).f32x4Add(),
                  () => f.get(u).get(v).f32x4Sub(),
                  () => f.f32Const(0).f32x4Splat().get(v).f32x4Sub(),
                ]) {
                  f.get(at);
                  emit();
                  f.v128Store();
                  f.get(at).get(xiStride).i32Add().set(at);
                }
              }
            }
          },
          2,
        );
      },
    );
  });
  mod.add(f, 'winograd_output_gradient');
}
