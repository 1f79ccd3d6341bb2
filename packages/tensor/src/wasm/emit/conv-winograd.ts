// Winograd F(2x2, 3x3) transforms for 3x3 stride-1 convolution (Lavin & Gray, "Fast Algorithms for
// Convolutional Neural Networks"), written with the assembler: each 2x2 output tile is A^T [(G g G^T) (.)
// (B^T d B)] A over a 4x4 input tile d. The 16 element-wise products summed over input channels are 16 GEMMs
// (run by the GEMM kernel); these kernels transform the input tiles (V), the weights (U) and the products (M).
// Input and output transforms work on four horizontally adjacent tiles at once, one tile per f32x4 lane.
import { FunctionBuilder, f32, i32, type Local, type ModuleBuilder, v128 } from './assembler.js';
import { forRange } from './loops.js';

/** Words of a transform descriptor (i32; addresses in bytes), in order. */
export const WINOGRAD_FIELDS = [
  'images',
  'transformed',
  'products',
  'output',
  'bias',
  'hasBias',
  'batch',
  'inChannels',
  'outChannels',
  'paddedH',
  'paddedW',
  'tilesH',
  'tilesW',
  'outH',
  'outW',
] as const;

/** The even and the odd floats of two vectors (a0 a2 b0 b2, a1 a3 b1 b3): columns 0 and 1 of four 2-wide tiles. */
export const EVEN_LANES = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
export const ODD_LANES = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31];
/** Lanes 0, 1 of two vectors interleaved (a0 b0 a1 b1), and lanes 2, 3 (a2 b2 a3 b3). */
export const LOW_PAIRS = [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23];
export const HIGH_PAIRS = [8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31];

/**
 * winograd_input(desc, from, to): V[xi][c][t] = (B^T d B)[xi] for input channels c in [from, to), every tile t = (n * tilesH + ty)
 * * tilesW + tx, d the 4x4 patch at (2 ty, 2 tx) of image n's zero-padded plane c (paddedH x paddedW;
 * tilesW a multiple of 4 and paddedW >= 2 tilesW + 4, so four tiles' patches load as whole vectors).
 */
export function addWinogradInput(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32], []);
  const F = f.loadFields(WINOGRAD_FIELDS, 0);
  const [n, c, ty, tx, plane, row, tile, tiles, xiStride] = f.localsOf(i32, 9);
  const d = Array.from({ length: 4 }, () => f.localsOf(v128, 4));
  const [a, b] = [f.local(v128), f.local(v128)];
  // tiles in all, and the distance between two transformed matrices (C x tiles floats)
  f.get(F.batch).get(F.tilesH).i32Mul().get(F.tilesW).i32Mul().set(tiles);
  f.get(F.inChannels).get(tiles).i32Mul().i32Const(2).i32Shl().set(xiStride);
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
          f.get(n).get(F.inChannels).i32Mul().get(c).i32Add().get(F.paddedH).i32Mul().get(F.paddedW).i32Mul();
          f.i32Const(2).i32Shl().get(F.images).i32Add().set(plane);
          forRange(
            f,
            ty,
            () => f.i32Const(0),
            () => f.get(F.tilesH),
            1,
            () => {
              forRange(
                f,
                tx,
                () => f.i32Const(0),
                () => f.get(F.tilesW),
                4,
                () => {
                  for (let i = 0; i < 4; i++) {
                    // row 2 ty + i from column 2 tx: columns j of four tiles are 2 tx + 2k + j, k = 0..3
                    f.get(ty).i32Const(1).i32Shl().i32Const(i).i32Add().get(F.paddedW).i32Mul();
                    f.get(tx).i32Const(1).i32Shl().i32Add().i32Const(2).i32Shl().get(plane).i32Add().set(row);
                    f.get(row).v128Load().set(a);
                    f.get(row).v128Load(16).set(b);
                    f.get(a).get(b).i8x16Shuffle(EVEN_LANES).set(d[i]![0]!);
                    f.get(a).get(b).i8x16Shuffle(ODD_LANES).set(d[i]![1]!);
                    f.get(row).v128Load(8).set(a);
                    f.get(row).v128Load(24).set(b);
                    f.get(a).get(b).i8x16Shuffle(EVEN_LANES).set(d[i]![2]!);
                    f.get(a).get(b).i8x16Shuffle(ODD_LANES).set(d[i]![3]!);
                    // B^T along the row: (d0 - d2, d1 + d2, d2 - d1, d1 - d3), in place
                    const [d0, d1, d2, d3] = d[i]!;
                    f.get(d0!).get(d2!).f32x4Sub().set(d0!);
                    f.get(d1!).get(d2!).f32x4Add().set(a);
                    f.get(d2!).get(d1!).f32x4Sub().set(d2!);
                    f.get(d1!).get(d3!).f32x4Sub().set(d3!);
                    f.get(a).set(d1!);
                  }
                  f.get(n)
                    .get(F.tilesH)
                    .i32Mul()
                    .get(ty)
                    .i32Add()
                    .get(F.tilesW)
                    .i32Mul()
                    .get(tx)
                    .i32Add()
                    .set(tile);
                  // B^T down the columns, stored at V[4i + j][c][tile..tile + 3]
                  f.get(c)
                    .get(tiles)
                    .i32Mul()
                    .get(tile)
                    .i32Add()
                    .i32Const(2)
                    .i32Shl()
                    .get(F.transformed)
                    .i32Add()
                    .set(row);
                  for (let j = 0; j < 4; j++) {
                    const [r0, r1, r2, r3] = [d[0]![j]!, d[1]![j]!, d[2]![j]!, d[3]![j]!];
                    const store = (i: number, emit: () => void) => {
                      f.get(row)
                        .get(xiStride)
                        .i32Const(4 * i + j)
                        .i32Mul()
                        .i32Add();
                      emit();
                      f.v128Store();
                    };
                    store(0, () => f.get(r0).get(r2).f32x4Sub());
                    store(1, () => f.get(r1).get(r2).f32x4Add());
                    store(2, () => f.get(r2).get(r1).f32x4Sub());
                    store(3, () => f.get(r1).get(r3).f32x4Sub());
                  }
                },
              );
            },
          );
        },
      );
    },
  );
  mod.add(f, 'winograd_input');
}

/**
 * winograd_weights(src, dst, outChannels, inChannels): U[xi][o][c] = (G g G^T)[xi] for the 3x3 kernel g of
 * every output and input channel (src: contiguous OIHW), G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2],
 * [0, 0, 1]].
 */
export function addWinogradWeights(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32, i32], []);
  const [src, dst, outChannels, inChannels] = [0, 1, 2, 3];
  const [pair, pairs, at, xiStride] = [f.local(i32), f.local(i32), f.local(i32), f.local(i32)];
  const g = f.localsOf(f32, 9);
  const r = f.localsOf(f32, 12); // G g: 4 rows of 3
  f.get(outChannels).get(inChannels).i32Mul().tee(pairs).i32Const(2).i32Shl().set(xiStride);
  /** The G transform of three values: (x0, (x0 + x1 + x2) / 2, (x0 - x1 + x2) / 2, x2), each emitted by `then`. */
  const transform = (x: readonly Local[], then: (k: number, emit: () => void) => void) => {
    then(0, () => f.get(x[0]!));
    then(1, () => f.get(x[0]!).get(x[1]!).f32Add().get(x[2]!).f32Add().f32Const(0.5).f32Mul());
    then(2, () => f.get(x[0]!).get(x[1]!).f32Sub().get(x[2]!).f32Add().f32Const(0.5).f32Mul());
    then(3, () => f.get(x[2]!));
  };
  forRange(
    f,
    pair,
    () => f.i32Const(0),
    () => f.get(pairs),
    1,
    () => {
      f.get(pair).i32Const(36).i32Mul().get(src).i32Add().set(at);
      for (let t = 0; t < 9; t++)
        f.get(at)
          .f32Load(4 * t)
          .set(g[t]!);
      // G g: column by column of g (taps t, 3 + t, 6 + t) into rows k of r
      for (let col = 0; col < 3; col++) {
        transform([g[col]!, g[3 + col]!, g[6 + col]!], (k, emit) => {
          emit();
          f.set(r[3 * k + col]!);
        });
      }
      // (G g) G^T: each row of r transformed along its 3 values, stored at U[4k + l][pair]
      f.get(pair).i32Const(2).i32Shl().get(dst).i32Add().set(at);
      for (let k = 0; k < 4; k++) {
        transform([r[3 * k]!, r[3 * k + 1]!, r[3 * k + 2]!], (l, emit) => {
          f.get(at)
            .get(xiStride)
            .i32Const(4 * k + l)
            .i32Mul()
            .i32Add();
          emit();
          f.f32Store();
        });
      }
    },
  );
  mod.add(f, 'winograd_weights');
}

/**
 * winograd_output(desc, from, to): output channels [from, to) of the output (contiguous NCHW, outH x outW)
 * from the products M[xi][o][t]: each tile's 2x2 block is A^T m A (+ bias[o] when hasBias), A^T = [[1, 1, 1,
 * 0], [0, 1, -1, -1]]; blocks past the output's edge are cut.
 */
export function addWinogradOutput(mod: ModuleBuilder): void {
  const f = new FunctionBuilder([i32, i32, i32], []);
  const F = f.loadFields(WINOGRAD_FIELDS, 0);
  const [n, o, ty, tx, plane, at, tiles, xiStride, y, x] = f.localsOf(i32, 10);
  const s = Array.from({ length: 4 }, () => [f.local(v128), f.local(v128)]);
  const [shift, lo, hi, m1, m2] = [f.local(v128), f.local(v128), f.local(v128), f.local(v128), f.local(v128)];
  f.get(F.batch).get(F.tilesH).i32Mul().get(F.tilesW).i32Mul().set(tiles);
  f.get(F.outChannels).get(tiles).i32Mul().i32Const(2).i32Shl().set(xiStride);
  forRange(
    f,
    n,
    () => f.i32Const(0),
    () => f.get(F.batch),
    1,
    () => {
      forRange(
        f,
        o,
        () => f.get(1),
        () => f.get(2),
        1,
        () => {
          f.get(n).get(F.outChannels).i32Mul().get(o).i32Add().get(F.outH).i32Mul().get(F.outW).i32Mul();
          f.i32Const(2).i32Shl().get(F.output).i32Add().set(plane);
          f.f32Const(0).f32x4Splat().set(shift);
          f.get(F.hasBias).if(() => {
            f.get(F.bias).get(o).i32Const(2).i32Shl().i32Add().v128Load32Splat().set(shift);
          });
          forRange(
            f,
            ty,
            () => f.i32Const(0),
            () => f.get(F.tilesH),
            1,
            () => {
              forRange(
                f,
                tx,
                () => f.i32Const(0),
                () => f.get(F.tilesW),
                4,
                () => {
                  // M[xi][o][tile..tile + 3]
                  f.get(o)
                    .get(tiles)
                    .i32Mul()
                    .get(n)
                    .get(F.tilesH)
                    .i32Mul()
                    .get(ty)
                    .i32Add()
                    .get(F.tilesW)
                    .i32Mul();
                  f.i32Add().get(tx).i32Add().i32Const(2).i32Shl().get(F.products).i32Add().set(at);
                  const m = (i: number, j: number) =>
                    f
                      .get(at)
                      .get(xiStride)
                      .i32Const(4 * i + j)
                      .i32Mul()
                      .i32Add()
                      .v128Load();
                  // A^T along the rows: s[i] = (m_i0 + m_i1 + m_i2, m_i1 - m_i2 - m_i3)
                  for (let i = 0; i < 4; i++) {
                    m(i, 1).set(m1);
                    m(i, 2).set(m2);
                    m(i, 0).get(m1).f32x4Add().get(m2).f32x4Add().set(s[i]![0]!);
                    f.get(m1).get(m2).f32x4Sub();
                    m(i, 3).f32x4Sub().set(s[i]![1]!);
                  }
                  for (let i = 0; i < 2; i++) {
                    f.get(ty).i32Const(1).i32Shl().i32Const(i).i32Add().tee(y).get(F.outH).i32LtS();
                    f.if(() => {
                      // A^T down the columns: row i of the four 2x2 blocks, j = 0 and 1, plus the bias
                      for (const j of [0, 1]) {
                        const target = j === 0 ? lo : hi;
                        if (i === 0) f.get(s[0]![j]!).get(s[1]![j]!).f32x4Add().get(s[2]![j]!).f32x4Add();
                        else f.get(s[1]![j]!).get(s[2]![j]!).f32x4Sub().get(s[3]![j]!).f32x4Sub();
                        f.get(shift).f32x4Add().set(target);
                      }
                      // interleave the two columns of each block: output columns 2 tx .. 2 tx + 7
                      f.get(lo).get(hi).i8x16Shuffle(LOW_PAIRS).set(m1);
                      f.get(lo).get(hi).i8x16Shuffle(HIGH_PAIRS).set(m2);
                      f.get(tx).i32Const(1).i32Shl().set(x);
                      f.get(y)
                        .get(F.outW)
                        .i32Mul()
                        .get(x)
                        .i32Add()
                        .i32Const(2)
                        .i32Shl()
                        .get(plane)
                        .i32Add()
                        .set(at);
                      f.get(x).i32Const(8).i32Add().get(F.outW).i32LeS();
                      f.if(
                        () => {
                          f.get(at).get(m1).v128Store();
                          f.get(at).get(m2).v128Store(16);
                        },
                        () => {
                          for (let q = 0; q < 8; q++) {
                            f.get(x).i32Const(q).i32Add().get(F.outW).i32LtS();
                            f.if(() => {
                              f.get(at)
                                .get(q < 4 ? m1 : m2)
                                .f32x4ExtractLane(q % 4)
                                .f32Store(4 * q);
                            });
                          }
                        },
                      );
                    });
                  }
                },
              );
            },
          );
        },
      );
    },
  );
  mod.add(f, 'winograd_output');
}
