// The GEMM of the WebAssembly backend, written with the assembler: Goto/BLIS blocking as the TypeScript
// reference (kernels/linalg.ts) but in float32 SIMD: A packed as MR-row slivers, B as 8-column slivers, and an
// MR x 8 register tile (2 x MR f32x4 accumulators) that adds a broadcast of A times a row of B per step of k.
// B is read through row and column offset tables (an im2col matrix straight from the image); a sliver whose
// 8 columns are adjacent in memory is packed with two vector copies per row.
import { FunctionBuilder, f32, i32, type Local, type ModuleBuilder, v128 } from './assembler.js';
import { forBlocks, forRange } from './loops.js';

/** Columns of B one micro-kernel call computes: two f32x4 vectors. */
export const NR = 8;
/** Cache blocks: the packed KC x NC panel of B and MC x KC block of A, reused from cache. */
export const KC = 256;
export const MC = 120;
export const NC = 512;

/** Words of one GEMM task in memory, in order (all i32; addresses and strides in bytes). */
export const TASK_FIELDS = [
  'm0',
  'm1',
  'n0',
  'n1',
  'k',
  'a',
  'aRowStride',
  'aColStride',
  'b',
  'bRows',
  'bCols',
  'c',
  'cRowStride',
  'accumulate',
] as const;
/** Bytes per task (fields padded to 16 words). */
export const TASK_BYTES = 64;

/** Bytes of one thread's scratch: packed A and B panels and an edge tile. */
export function scratchBytes(mr: number): number {
  return (MC * KC + KC * NC + mr * NR) * 4;
}

/** Rows of A per micro-kernel call for the module's register tile. */
export interface GemmShape {
  mr: number;
  relaxed: boolean;
}

/**
 * Adds the GEMM functions to `mod`; exports `gemm_tasks(list, count, scratch, next)`: runs tasks of the list
 * until none is left, each taken by an atomic increment of the i32 at `next` (the next task's index), so the
 * threads that share a list and a counter balance the work between them whatever their speed.
 */
export function addGemm(mod: ModuleBuilder, { mr, relaxed }: GemmShape): void {
  const packA = mod.add(packAFunction(mr));
  const packB = mod.add(packBFunction());
  const micro = mod.add(microKernel(mr, relaxed));
  const one = mod.add(gemmTask(mr, packA, packB, micro));
  const f = new FunctionBuilder([i32, i32, i32, i32], []);
  const [list, count, scratch, next] = [0, 1, 2, 3];
  const t = f.local(i32);
  f.block(() => {
    f.loop(() => {
      f.get(next).i32Const(1).i32AtomicAdd().tee(t).get(count).i32GeS().brIf(1);
      f.get(list).get(t).i32Const(TASK_BYTES).i32Mul().i32Add().get(scratch).call(one);
      f.br(0);
    });
  });
  mod.add(f, 'gemm_tasks');
}

/** pack_a(src, rowStride, colStride, mc, kc, dst): mc x kc of A as MR-row slivers, column by column, zero-padded. */
function packAFunction(mr: number): FunctionBuilder {
  const f = new FunctionBuilder([i32, i32, i32, i32, i32, i32], []);
  const [src, rs, cs, mc, kc, dst] = [0, 1, 2, 3, 4, 5];
  const i = f.local(i32);
  const p = f.local(i32);
  const rest = f.local(i32);
  const rowPtr = Array.from({ length: mr }, () => f.local(i32));
  forRange(
    f,
    i,
    () => f.i32Const(0),
    () => f.get(mc),
    mr,
    () => {
      f.get(mc).get(i).i32Sub().set(rest);
      for (let r = 0; r < mr; r++) {
        f.get(src).get(i).i32Const(r).i32Add().get(rs).i32Mul().i32Add().set(rowPtr[r]!);
      }
      forRange(
        f,
        p,
        () => f.i32Const(0),
        () => f.get(kc),
        1,
        () => {
          for (let r = 0; r < mr; r++) {
            f.i32Const(r).get(rest).i32LtS();
            f.if(
              () => {
                f.get(dst)
                  .get(rowPtr[r]!)
                  .f32Load()
                  .f32Store(4 * r);
              },
              () => {
                f.get(dst)
                  .f32Const(0)
                  .f32Store(4 * r);
              },
            );
            f.get(rowPtr[r]!).get(cs).i32Add().set(rowPtr[r]!);
          }
          f.get(dst)
            .i32Const(4 * mr)
            .i32Add()
            .set(dst);
        },
      );
    },
  );
  return f;
}

/**
 * pack_b(base, rows, cols, kc, nc, dst): element (p, j) of B is the float at base + 4 * (rows[p] + cols[j]);
 * packs kc x nc as 8-column slivers, row by row, zero-padded.
 */
function packBFunction(): FunctionBuilder {
  const f = new FunctionBuilder([i32, i32, i32, i32, i32, i32], []);
  const [base, rows, cols, kc, nc, dst] = [0, 1, 2, 3, 4, 5];
  const j = f.local(i32);
  const p = f.local(i32);
  const rest = f.local(i32);
  const first = f.local(i32);
  const adjacent = f.local(i32);
  const colPtr = f.local(i32);
  const at = f.local(i32);
  const from = f.local(i32);
  /** Pushes start + 4 * rows[p]: where row p of B begins, from `start`. */
  const rowAddress = (start: number) => {
    f.get(start).get(rows).get(p).i32Const(2).i32Shl().i32Add().i32Load().i32Const(2).i32Shl().i32Add();
  };
  forRange(
    f,
    j,
    () => f.i32Const(0),
    () => f.get(nc),
    NR,
    () => {
      f.get(nc).get(j).i32Sub().set(rest);
      f.get(cols).get(j).i32Const(2).i32Shl().i32Add().tee(colPtr).i32Load().set(first);
      // adjacent: a full sliver whose columns are first, first + 1, ..., first + 7
      f.get(rest).i32Const(NR).i32GeS().set(adjacent);
      f.get(adjacent).if(() => {
        for (let r = 1; r < NR; r++) {
          f.get(adjacent);
          f.get(colPtr)
            .i32Load(4 * r)
            .get(first)
            .i32Const(r)
            .i32Add()
            .i32Eq();
          f.i32And().set(adjacent);
        }
      });
      f.get(adjacent).if(
        () => {
          f.get(base).get(first).i32Const(2).i32Shl().i32Add().set(at);
          forRange(
            f,
            p,
            () => f.i32Const(0),
            () => f.get(kc),
            1,
            () => {
              // the row's 8 columns from base + 4 * (rows[p] + first)
              rowAddress(at);
              f.set(from);
              f.get(dst).get(from).v128Load().v128Store();
              f.get(dst).get(from).v128Load(16).v128Store(16);
              f.get(dst)
                .i32Const(4 * NR)
                .i32Add()
                .set(dst);
            },
          );
        },
        () => {
          forRange(
            f,
            p,
            () => f.i32Const(0),
            () => f.get(kc),
            1,
            () => {
              rowAddress(base);
              f.set(at);
              for (let r = 0; r < NR; r++) {
                f.i32Const(r).get(rest).i32LtS();
                f.if(
                  () => {
                    f.get(dst);
                    f.get(at)
                      .get(colPtr)
                      .i32Load(4 * r)
                      .i32Const(2)
                      .i32Shl()
                      .i32Add()
                      .f32Load()
                      .f32Store(4 * r);
                  },
                  () => {
                    f.get(dst)
                      .f32Const(0)
                      .f32Store(4 * r);
                  },
                );
              }
              f.get(dst)
                .i32Const(4 * NR)
                .i32Add()
                .set(dst);
            },
          );
        },
      );
    },
  );
  return f;
}

/**
 * micro(kc, pa, pb, c, crs, mr, nr, add, edge): the MR x 8 tile of C at c (rows crs bytes apart) gets (add ?
 * C + : ) sum over kc steps of the packed A column times the packed B row. Only the top-left mr x nr of the
 * tile is in C on the bottom/right edges: the tile then goes through `edge` and is written element by element.
 */
function microKernel(mr: number, relaxed: boolean): FunctionBuilder {
  const f = new FunctionBuilder([i32, i32, i32, i32, i32, i32, i32, i32, i32], []);
  const [kc, pa, pb, c, crs, mrows, ncols, add, edge] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const acc: Local[][] = Array.from({ length: mr }, () => [f.local(v128), f.local(v128)]);
  const b0 = f.local(v128);
  const b1 = f.local(v128);
  const a = f.local(v128);
  const row = f.local(i32);
  const r = f.local(i32);
  const s = f.local(i32);
  const value = f.local(f32);
  const multiplyAdd = (target: Local, b: Local) => {
    if (relaxed) f.get(a).get(b).get(target).f32x4RelaxedMadd().set(target);
    else f.get(target).get(a).get(b).f32x4Mul().f32x4Add().set(target);
  };
  // one step of k per iteration (V8 keeps this loop in registers; unrolling it measured slower)
  f.loop(() => {
    f.get(pb).v128Load().set(b0);
    f.get(pb).v128Load(16).set(b1);
    for (let i = 0; i < mr; i++) {
      f.get(pa)
        .v128Load32Splat(4 * i)
        .set(a);
      multiplyAdd(acc[i]![0]!, b0);
      multiplyAdd(acc[i]![1]!, b1);
    }
    f.get(pa)
      .i32Const(4 * mr)
      .i32Add()
      .set(pa);
    f.get(pb)
      .i32Const(4 * NR)
      .i32Add()
      .set(pb);
    f.get(kc).i32Const(1).i32Sub().tee(kc).brIf(0);
  });
  f.get(mrows).i32Const(mr).i32Eq().get(ncols).i32Const(NR).i32Eq().i32And();
  const writeTile = (addToC: boolean) => {
    f.get(c).set(row);
    for (let i = 0; i < mr; i++) {
      for (const h of [0, 1]) {
        f.get(row);
        if (addToC)
          f.get(row)
            .v128Load(16 * h)
            .get(acc[i]![h]!)
            .f32x4Add();
        else f.get(acc[i]![h]!);
        f.v128Store(16 * h);
      }
      f.get(row).get(crs).i32Add().set(row);
    }
  };
  f.if(
    () => {
      f.get(add).if(
        () => writeTile(true),
        () => writeTile(false),
      );
    },
    () => {
      for (let i = 0; i < mr; i++) {
        f.get(edge)
          .get(acc[i]![0]!)
          .v128Store(32 * i);
        f.get(edge)
          .get(acc[i]![1]!)
          .v128Store(32 * i + 16);
      }
      forRange(
        f,
        r,
        () => f.i32Const(0),
        () => f.get(mrows),
        1,
        () => {
          f.get(c).get(r).get(crs).i32Mul().i32Add().set(row);
          forRange(
            f,
            s,
            () => f.i32Const(0),
            () => f.get(ncols),
            1,
            () => {
              f.get(edge).get(r).i32Const(5).i32Shl().i32Add().get(s).i32Const(2).i32Shl().i32Add().f32Load();
              f.set(value);
              f.get(add).if(() => {
                f.get(row).get(s).i32Const(2).i32Shl().i32Add().f32Load().get(value).f32Add().set(value);
              });
              f.get(row).get(s).i32Const(2).i32Shl().i32Add().get(value).f32Store();
            },
          );
        },
      );
    },
  );
  return f;
}

/** gemm_task(task, scratch): C[m0:m1, n0:n1] of one task (fields as TASK_FIELDS) with the blocked loops. */
function gemmTask(mr: number, packA: number, packB: number, micro: number): FunctionBuilder {
  const f = new FunctionBuilder([i32, i32], []);
  const [task, scratch] = [0, 1];
  const field = f.loadFields(TASK_FIELDS, task);
  const panelA = scratch;
  const panelB = f.local(i32);
  const edge = f.local(i32);
  f.get(scratch)
    .i32Const(MC * KC * 4)
    .i32Add()
    .tee(panelB)
    .i32Const(KC * NC * 4)
    .i32Add()
    .set(edge);
  const [jc, nc, pc, kc, ic, mc, jr, nr, ir, mrows, add] = f.localsOf(i32, 11);
  const k = field.k;
  forBlocks(
    f,
    jc,
    nc,
    () => f.get(field.n0),
    () => f.get(field.n1),
    NC,
    () => {
      forBlocks(
        f,
        pc,
        kc,
        () => f.i32Const(0),
        () => f.get(k),
        KC,
        () => {
          f.get(field.b);
          f.get(field.bRows).get(pc).i32Const(2).i32Shl().i32Add();
          f.get(field.bCols).get(jc).i32Const(2).i32Shl().i32Add();
          f.get(kc).get(nc).get(panelB).call(packB);
          f.get(field.accumulate).get(pc).i32Const(0).i32GtS().i32Add().set(add);
          forBlocks(
            f,
            ic,
            mc,
            () => f.get(field.m0),
            () => f.get(field.m1),
            MC,
            () => {
              f.get(field.a).get(ic).get(field.aRowStride).i32Mul().i32Add();
              f.get(pc).get(field.aColStride).i32Mul().i32Add();
              f.get(field.aRowStride).get(field.aColStride).get(mc).get(kc).get(panelA).call(packA);
              forBlocks(
                f,
                jr,
                nr,
                () => f.i32Const(0),
                () => f.get(nc),
                NR,
                () => {
                  forBlocks(
                    f,
                    ir,
                    mrows,
                    () => f.i32Const(0),
                    () => f.get(mc),
                    mr,
                    () => {
                      f.get(kc);
                      f.get(panelA).get(ir).get(kc).i32Mul().i32Const(2).i32Shl().i32Add();
                      f.get(panelB).get(jr).get(kc).i32Mul().i32Const(2).i32Shl().i32Add();
                      f.get(field.c).get(ic).get(ir).i32Add().get(field.cRowStride).i32Mul().i32Add();
                      f.get(jc).get(jr).i32Add().i32Const(2).i32Shl().i32Add();
                      f.get(field.cRowStride).get(mrows).get(nr).get(add).get(edge).call(micro);
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
  return f;
}
