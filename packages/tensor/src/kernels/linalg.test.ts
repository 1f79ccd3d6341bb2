// GEMM against a naive triple loop: odd and prime sizes, sizes of 1, transposed and strided operands, sizes
// that cross the cache blocks. Small integer values keep every sum exact, so results must match exactly, for
// the TypeScript kernel and for the WebAssembly one on 1 and on 2 threads (every op split across both).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { smallIntegers } from '../../test/small-integers.js';
import { startThreads } from '../backend.js';
import type { Kernels, MatrixView } from '../kernel-interface.js';
import { wasmKernels } from '../wasm/index.js';
import { runGemmTasks } from '../wasm/linalg.js';
import { wasmRuntime } from '../wasm/runtime/instance.js';
import { getNumThreads, setNumThreads } from '../wasm/runtime/threads.js';
import { jsKernels } from './index.js';
import { gemmIndexed as jsGemmIndexed } from './linalg.js';

/** Deterministic small integers in [-4, 4], so products and sums stay exact in float32. */
const integers = (n: number, seed: number) => smallIntegers(n, seed, 4);

/** A rows x cols matrix, row-major or column-major (transposed), with a leading offset and padded rows. */
function matrix(
  rows: number,
  cols: number,
  transposed: boolean,
  seed: number,
  offset = 3,
  pad = 2,
): MatrixView {
  const lead = (transposed ? rows : cols) + pad;
  const data = integers(offset + lead * (transposed ? cols : rows), seed);
  return transposed
    ? { data, offset, rowStride: 1, colStride: lead }
    : { data, offset, rowStride: lead, colStride: 1 };
}

/** Element (i, j) of `x`. */
const at = (x: MatrixView, i: number, j: number) => x.data[x.offset + i * x.rowStride + j * x.colStride]!;

function naive(m: number, n: number, k: number, a: MatrixView, b: MatrixView): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc += at(a, i, p) * at(b, p, j);
      out[i * n + j] = acc;
    }
  }
  return out;
}

type Gemm = Kernels['gemm'];
type GemmIndexed = typeof jsGemmIndexed;

/** Runs gemm into a C with a leading offset and padded rows, and returns the m x n result row-major. */
function run(
  gemm: Gemm,
  m: number,
  n: number,
  k: number,
  a: MatrixView,
  b: MatrixView,
  init?: Float32Array,
): Float32Array {
  const cOff = 5;
  const crs = n + 3;
  const c = new Float32Array(cOff + m * crs).fill(Number.NaN);
  if (init) for (let i = 0; i < m; i++) c.set(init.subarray(i * n, (i + 1) * n), cOff + i * crs);
  gemm(m, n, k, a, b, { data: c, offset: cOff, rowStride: crs }, init !== undefined);
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) out.set(c.subarray(cOff + i * crs, cOff + i * crs + n), i * n);
  // the padding between rows of C is never written
  for (let i = 0; i + 1 < m; i++) expect(c[cOff + i * crs + n]).toBeNaN();
  return out;
}

/** The WebAssembly kernel behind `gemmIndexed`'s signature: A, B and the tables copied into the arena. */
const wasmGemmIndexed: GemmIndexed = (m, n, k, a, b, c, accumulate) => {
  const rt = wasmRuntime()!;
  rt.arena.reset();
  const aAt = rt.arena.putFloats(a.data, 0, a.data.length);
  const bAt = rt.arena.putFloats(b.data, 0, b.data.length);
  const cSpan = (m - 1) * c.rowStride + n;
  const cAt = rt.arena.putFloats(c.data, c.offset, cSpan);
  const task = {
    m,
    n,
    k,
    a: aAt + a.offset * 4,
    aRowStride: a.rowStride,
    aColStride: a.colStride,
    b: bAt + b.offset * 4,
    bRows: rt.arena.putInts(b.rowOffsets),
    bCols: rt.arena.putInts(b.colOffsets),
    c: cAt,
    cRowStride: c.rowStride,
    accumulate,
  };
  runGemmTasks(rt, [task], 'gemmIndexed');
  c.data.set(rt.arena.floats.subarray(cAt >> 2, (cAt >> 2) + cSpan), c.offset);
};

const IMPLEMENTATIONS: { name: string; threads: number; gemm: Gemm; gemmIndexed: GemmIndexed }[] = [
  { name: 'TypeScript', threads: 1, gemm: jsKernels.gemm, gemmIndexed: jsGemmIndexed },
  {
    name: 'WebAssembly, 1 thread',
    threads: 1,
    gemm: wasmKernels(wasmRuntime()!).gemm,
    gemmIndexed: wasmGemmIndexed,
  },
  {
    name: 'WebAssembly, 2 threads',
    threads: 2,
    gemm: wasmKernels(wasmRuntime()!).gemm,
    gemmIndexed: wasmGemmIndexed,
  },
];

describe.each(IMPLEMENTATIONS)('$name', ({ threads, gemm, gemmIndexed }) => {
  const before = getNumThreads();
  beforeAll(async () => {
    setNumThreads(threads, { minWorkPerThread: 0 });
    expect(await startThreads()).toBe(threads);
  });
  afterAll(() => setNumThreads(before));

  if (threads === 2) {
    it('hands part of a GEMM to the helper thread', () => {
      const pool = wasmRuntime()!.pool!;
      const poolRun = vi.spyOn(pool, 'run');
      const a = matrix(9, 20, false, 1);
      const b = matrix(20, 70, false, 2);
      expect(run(gemm, 9, 70, 20, a, b)).toEqual(naive(9, 70, 20, a, b));
      expect(poolRun).toHaveBeenCalledOnce();
      expect(poolRun.mock.calls[0]![0]).toHaveLength(2);
      poolRun.mockRestore();
    });
  }

  describe('gemm', () => {
    const sizes: [number, number, number][] = [
      [1, 1, 1],
      [1, 7, 5],
      [7, 1, 5],
      [3, 5, 1],
      [4, 8, 16],
      [5, 9, 17],
      [13, 31, 7],
      [37, 41, 43],
      [64, 64, 64],
      [131, 19, 263], // m > MC and k > KC: several blocks of A and of k
      [6, 2053, 3], // n > NC: several blocks of B
    ];
    for (const [m, n, k] of sizes) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        it(`${m}x${k} @ ${k}x${n}${ta ? ' A^T' : ''}${tb ? ' B^T' : ''}`, () => {
          const a = matrix(m, k, ta, m * 7 + k);
          const b = matrix(k, n, tb, n * 11 + k);
          expect(run(gemm, m, n, k, a, b)).toEqual(naive(m, n, k, a, b));
        });
      }
    }

    it('accumulates into C when asked', () => {
      const [m, n, k] = [9, 21, 11];
      const a = matrix(m, k, false, 1);
      const b = matrix(k, n, true, 2);
      const init = integers(m * n, 3);
      const want = naive(m, n, k, a, b).map((v, i) => v + init[i]!);
      expect(run(gemm, m, n, k, a, b, init)).toEqual(want);
    });

    it('k = 0 gives zeros, or leaves C as it was when accumulating', () => {
      const a = matrix(3, 0, false, 1);
      const b = matrix(0, 4, false, 2);
      expect(run(gemm, 3, 4, 0, a, b)).toEqual(new Float32Array(12));
      const init = integers(12, 9);
      expect(run(gemm, 3, 4, 0, a, b, init)).toEqual(init);
    });

    it('reads a broadcast operand through stride 0', () => {
      const [m, n, k] = [10, 12, 9];
      const row = integers(k, 4);
      const a: MatrixView = { data: row, offset: 0, rowStride: 0, colStride: 1 };
      const b = matrix(k, n, false, 5);
      const out = run(gemm, m, n, k, a, b);
      const once = naive(1, n, k, a, b);
      for (let i = 0; i < m; i++) expect(out.subarray(i * n, (i + 1) * n)).toEqual(once);
    });

    it('propagates NaN and infinity from A and B, ignores NaN in an overwritten C', () => {
      const a = matrix(5, 6, false, 1, 0, 0);
      const b = matrix(6, 9, false, 2, 0, 0);
      a.data[2 * 6 + 1] = Number.NaN; // row 2 of the product is NaN
      b.data[3 * 9 + 4] = Number.POSITIVE_INFINITY; // column 4 is +-inf, or NaN where multiplied by 0
      expect(Array.from(run(gemm, 5, 9, 6, a, b))).toEqual(Array.from(naive(5, 9, 6, a, b)));
    });

    it('matches the naive loop on random shapes and layouts', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 0, max: 40 }),
          fc.boolean(),
          fc.boolean(),
          fc.integer({ min: 0, max: 1000 }),
          (m, n, k, ta, tb, seed) => {
            const a = matrix(m, k, ta, seed);
            const b = matrix(k, n, tb, seed + 1);
            expect(run(gemm, m, n, k, a, b)).toEqual(naive(m, n, k, a, b));
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe('gemmIndexed', () => {
    it('reads B through its offset tables: shuffled rows and columns, sizes across the blocks', () => {
      for (const [m, n, k] of [
        [1, 9, 3],
        [5, 13, 7],
        [131, 19, 263],
        [6, 2053, 3],
      ] as const) {
        const a = matrix(m, k, false, m + k);
        const b = integers(3 + k * n, n + k);
        // row p of B is row (p * 11) % k of a row-major k x n block, column j is column (j * 7) % n (11 and 7
        // are coprime with these sizes, so every element is read once)
        const rows = Int32Array.from({ length: k }, (_, p) => ((p * 11) % k) * n);
        const cols = Int32Array.from({ length: n }, (_, j) => (j * 7) % n);
        const want = new Float32Array(m * n);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let acc = 0;
            for (let p = 0; p < k; p++) acc += at(a, i, p) * b[3 + rows[p]! + cols[j]!]!;
            want[i * n + j] = acc;
          }
        }
        const c = new Float32Array(m * n).fill(Number.NaN);
        gemmIndexed(
          m,
          n,
          k,
          a,
          { data: b, offset: 3, rowOffsets: rows, colOffsets: cols },
          { data: c, offset: 0, rowStride: n },
          false,
        );
        expect(c).toEqual(want);
      }
    });
  });
});
