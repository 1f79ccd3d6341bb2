// Runs GEMMs on the WebAssembly backend: lays tasks out in the arena, splits them across the calling thread
// and the ready helper threads, and `Kernels.gemm` (operands copied into the arena and C back out).
import type { Kernels } from '../kernel-interface.js';
import { startC } from '../kernels/linalg.js';
import { NR, scratchBytes, TASK_BYTES, TASK_FIELDS } from './emit/linalg.js';
import { MR, type WasmRuntime } from './runtime/instance.js';
import { cut, runJobs, threadsFor } from './runtime/parallel.js';
import { KERNELS } from './runtime/thread-pool.js';

/** One C[m, n] (+)= A[m, k] B[k, n] in the arena: addresses in bytes, strides in elements. */
export interface GemmTask {
  m: number;
  n: number;
  k: number;
  a: number;
  aRowStride: number;
  aColStride: number;
  /** B's element (p, j) is the float at b + 4 * (bRows[p] + bCols[j]) (bRows, bCols: i32 tables). */
  b: number;
  bRows: number;
  bCols: number;
  c: number;
  cRowStride: number;
  accumulate: boolean;
}

/** A task restricted to rows [m0, m1) and columns [n0, n1) of C. */
interface Piece {
  task: GemmTask;
  m0: number;
  m1: number;
  n0: number;
  n1: number;
}

/** The kernel that runs a list of tasks. */
const GEMM_TASKS = KERNELS.indexOf('gemm_tasks');

/** Pieces per thread when tasks are cut: enough that threads running at different speeds end together. */
const PIECES_PER_THREAD = 8;
/**
 * Each piece packs its own panels of the operand it does not cut (A when cut by columns, B by rows): a task is
 * cut into at most one piece per this many rows or columns, which keeps that packing to a few percent.
 */
const MIN_PIECE = 128;

/**
 * The pieces the threads take from: the tasks whole when there are enough of them, else each task cut along
 * its longer side of C into about PIECES_PER_THREAD pieces per thread in all, and at least one per thread.
 */
function pieces(tasks: readonly GemmTask[], threads: number): Piece[] {
  const whole = tasks.map((task) => ({ task, m0: 0, m1: task.m, n0: 0, n1: task.n }));
  const wanted = threads === 1 ? 1 : PIECES_PER_THREAD * threads;
  if (tasks.length >= wanted) return whole;
  return tasks.flatMap((task) => {
    const byColumns = task.n >= task.m;
    const side = byColumns ? task.n : task.m;
    const parts = Math.min(Math.ceil(wanted / tasks.length), Math.max(threads, Math.floor(side / MIN_PIECE)));
    return cut(side, parts, byColumns ? NR : MR).map(([from, to]) =>
      byColumns
        ? { task, m0: 0, m1: task.m, n0: from, n1: to }
        : { task, m0: from, m1: to, n0: 0, n1: task.n },
    );
  });
}

/** Writes pieces as the kernel's task records; returns the list's address. */
function writeList(rt: WasmRuntime, pieces: readonly Piece[]): number {
  const list = rt.arena.alloc(pieces.length * TASK_BYTES);
  pieces.forEach(({ task, m0, m1, n0, n1 }, i) => {
    rt.arena.writeFields(list + i * TASK_BYTES, TASK_FIELDS, {
      m0,
      m1,
      n0,
      n1,
      k: task.k,
      a: task.a,
      aRowStride: task.aRowStride * 4,
      aColStride: task.aColStride * 4,
      b: task.b,
      bRows: task.bRows,
      bCols: task.bCols,
      c: task.c,
      cRowStride: task.cRowStride * 4,
      accumulate: task.accumulate ? 1 : 0,
    });
  });
  return list;
}

/**
 * Runs `tasks` (m, n, k > 0; C regions disjoint) on up to getNumThreads() threads: as many as are ready and
 * the work affords at minWorkPerThread() multiply-adds each, all taking pieces from one list. `label` names
 * the op in a thread's error.
 */
export function runGemmTasks(rt: WasmRuntime, tasks: readonly GemmTask[], label: string): void {
  if (tasks.length === 0) return;
  const threads = threadsFor(
    rt,
    tasks.reduce((sum, t) => sum + t.m * t.n * t.k, 0),
  );
  const list = pieces(tasks, threads);
  const at = writeList(rt, list);
  const next = rt.arena.alloc(4);
  rt.arena.ints[next >> 2] = 0;
  const jobs = Array.from({ length: Math.min(threads, list.length) }, () => ({
    kernel: GEMM_TASKS,
    args: [at, list.length, rt.arena.alloc(scratchBytes(MR)), next] as const,
  }));
  runJobs(rt, jobs, label);
}

/** Floats from the first to the last element of an m x n matrix with these (non-negative) strides. */
export function spanOf(rows: number, cols: number, rowStride: number, colStride: number): number {
  return (rows - 1) * rowStride + (cols - 1) * colStride + 1;
}

/** An i32 table [0, stride, 2 * stride, ...] of `length` entries in the arena; its address. */
export function affineTable(rt: WasmRuntime, length: number, stride: number): number {
  const at = rt.arena.alloc(length * 4);
  const ints = rt.arena.ints;
  for (let i = 0; i < length; i++) ints[(at >> 2) + i] = i * stride;
  return at;
}

/**
 * `Kernels.gemm` on runtime `rt`, `label` naming the op in a thread's error: copies the spans of A, B and C into the
 * arena, runs the SIMD kernel in float32, and copies C's span back.
 */
export function gemm(rt: WasmRuntime, label: string): Kernels['gemm'] {
  return (m, n, k, a, b, c, accumulate) => {
    if (m === 0 || n === 0 || k === 0) {
      startC(m, n, k, c, accumulate);
      return;
    }
    const arena = rt.arena;
    arena.reset();
    const aAt = arena.putFloats(a.data, a.offset, spanOf(m, k, a.rowStride, a.colStride));
    const bAt = arena.putFloats(b.data, b.offset, spanOf(k, n, b.rowStride, b.colStride));
    const cSpan = spanOf(m, n, c.rowStride, 1);
    // C's span comes in too: its old values when accumulating, and the gaps between rows, which go back as they were
    const cAt =
      accumulate || c.rowStride !== n ? arena.putFloats(c.data, c.offset, cSpan) : arena.alloc(cSpan * 4);
    const bRows = affineTable(rt, k, b.rowStride);
    const bCols = affineTable(rt, n, b.colStride);
    const task = { m, n, k, a: aAt, aRowStride: a.rowStride, aColStride: a.colStride, b: bAt, bRows, bCols };
    runGemmTasks(rt, [{ ...task, c: cAt, cRowStride: c.rowStride, accumulate }], label);
    c.data.set(arena.floats.subarray(cAt >> 2, (cAt >> 2) + cSpan), c.offset);
  };
}
