// GEMM on float32 arrays with arbitrary strides, or B through offset tables: C = A·B or C += A·B. Goto/BLIS
// blocking (pack A and B into panels, a 4x8 register-blocked micro-kernel), as in BLIS's gemm. No Tensor here.
import type { IndexedMatrix, Kernels, MatrixView, OutputMatrix } from '../kernel-interface.js';

/** Rows of A and columns of B one micro-kernel call computes (the register block). */
const MR = 4;
const NR = 8;
/** Cache blocks: a KC x NC panel of B and an MC x KC panel of A are packed and reused from cache. */
const KC = 256;
const MC = 128;
const NC = 2048;
/** Below this many multiply-adds, packing costs more than it saves: use the plain loop. */
const SMALL = 16 * 16 * 16;

// Packed panels, grown on demand and reused between calls (JS runs one GEMM at a time). Float64 because the
// micro-kernel computes in doubles: packing converts once instead of at every load.
let packedA = new Float64Array(MC * KC);
let packedB = new Float64Array(KC * NR);
/** The offset tables of a strided B, for `gemm`'s blocked path. */
let stridedRows = new Int32Array(0);
let stridedCols = new Int32Array(0);
/** One row of C summed in float64 by the unblocked loop. */
let rowSums = new Float64Array(0);
/** An edge tile's accumulators, copied out only where the tile is inside C. */
const edgeTile = new Float64Array(MR * NR);

/**
 * C (=|+=) A B: `Kernels.gemm` on the TypeScript backend. Products and sums run in float64 within a KC-long block
 * of k, and C is rounded to float32 between blocks, unless the operands may pass float32's range: then in float32,
 * so that an overflow shows as it does in float32 arithmetic. A stride may be 0 for a broadcast operand.
 */
export const gemm: Kernels['gemm'] = (m, n, k, a, b, c, accumulate) => {
  // the blocked path reads B through offset tables: a strided B has affine ones
  if (stridedRows.length < k) stridedRows = new Int32Array(k);
  if (stridedCols.length < n) stridedCols = new Int32Array(n);
  for (let p = 0; p < k; p++) stridedRows[p] = p * b.rowStride;
  for (let j = 0; j < n; j++) stridedCols[j] = j * b.colStride;
  const indexed = { data: b.data, offset: b.offset, rowOffsets: stridedRows, colOffsets: stridedCols };
  if (m * n * k > SMALL && m > 1 && n > 1) {
    gemmIndexed(m, n, k, a, indexed, c, accumulate);
    return;
  }
  if (!startC(m, n, k, c, accumulate)) return;
  if (mayOverflowFloat32(m, n, k, a, indexed)) gemmFloat32(m, n, k, a, indexed, c);
  else gemmDirect(m, n, k, a, b, c);
};

/**
 * As `gemm`, with B read through offset tables (k and n entries): any matrix whose element offsets split into a
 * row part and a column part, such as the im2col matrix of a convolution read straight from the image. Always
 * takes the blocked path, so each element of B is read once per block of C's columns, straight into the packed
 * panel.
 */
export function gemmIndexed(
  m: number,
  n: number,
  k: number,
  a: MatrixView,
  b: IndexedMatrix,
  c: OutputMatrix,
  accumulate: boolean,
): void {
  if (!startC(m, n, k, c, accumulate)) return;
  if (mayOverflowFloat32(m, n, k, a, b)) {
    gemmFloat32(m, n, k, a, b, c);
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(kc, nc, b, pc, jc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(mc, kc, a.data, a.offset + ic * a.rowStride + pc * a.colStride, a.rowStride, a.colStride);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const cAt = c.offset + (ic + ir) * c.rowStride + jc + jr;
            microKernel(kc, ir * kc, jr * kc, c.data, cAt, c.rowStride, mr, nr);
          }
        }
      }
    }
  }
}

/** The largest float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Whether some product or partial sum of A B could pass float32's range (or an operand is nan or infinite): then
 * the float64 sums of the fast paths would hide an overflow that float32 arithmetic (WebAssembly's, PyTorch's)
 * shows, such as [1e30, -1e30] . [1e30, 1e30] = nan.
 */
function mayOverflowFloat32(m: number, n: number, k: number, a: MatrixView, b: IndexedMatrix): boolean {
  let aMax = 0;
  for (let i = 0; i < m; i++) {
    for (let p = 0, at = a.offset + i * a.rowStride; p < k; p++, at += a.colStride) {
      aMax = Math.max(aMax, Math.abs(a.data[at]!));
    }
  }
  let bMax = 0;
  for (let p = 0; p < k; p++) {
    const row = b.offset + b.rowOffsets[p]!;
    for (let j = 0; j < n; j++) bMax = Math.max(bMax, Math.abs(b.data[row + b.colOffsets[j]!]!));
  }
  return !(aMax * bMax * k < FLOAT32_MAX);
}

/**
 * C += A B with every product and sum rounded to float32 in order of k, as float32 hardware computes it: the
 * path for operands whose products or sums may pass float32's range.
 */
function gemmFloat32(
  m: number,
  n: number,
  k: number,
  a: MatrixView,
  b: IndexedMatrix,
  c: OutputMatrix,
): void {
  const f = Math.fround;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) {
        const av = a.data[a.offset + i * a.rowStride + p * a.colStride]!;
        acc = f(acc + f(av * b.data[b.offset + b.rowOffsets[p]! + b.colOffsets[j]!]!));
      }
      const at = c.offset + i * c.rowStride + j;
      c.data[at] = f(c.data[at]! + acc);
    }
  }
}

/** Zeroes the m x n C unless accumulating; whether a product is left to add (m, n and k all nonzero). */
export function startC(m: number, n: number, k: number, c: OutputMatrix, accumulate: boolean): boolean {
  if (m === 0 || n === 0) return false;
  const { data, offset, rowStride } = c;
  if (!accumulate)
    for (let i = 0; i < m; i++) data.fill(0, offset + i * rowStride, offset + i * rowStride + n);
  return k > 0;
}

/** The unblocked loop for small or vector-shaped products, in float64: row-streaming or one dot per element. */
function gemmDirect(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: OutputMatrix): void {
  const { data: a, offset: aOff, rowStride: ars, colStride: acs } = A;
  const { data: b, offset: bOff, rowStride: brs, colStride: bcs } = B;
  const { data: c, offset: cOff, rowStride: crs } = C;
  if (bcs === 1 && n > 1) {
    // rows of B are contiguous: stream them, summing each row of C in float64
    if (rowSums.length < n) rowSums = new Float64Array(n);
    const acc = rowSums;
    for (let i = 0; i < m; i++) {
      acc.fill(0, 0, n);
      for (let p = 0; p < k; p++) {
        const av = a[aOff + i * ars + p * acs]!;
        const bRow = bOff + p * brs;
        for (let j = 0; j < n; j++) acc[j]! += av * b[bRow + j]!;
      }
      const cRow = cOff + i * crs;
      for (let j = 0; j < n; j++) c[cRow + j]! += acc[j]!;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * ars;
    const cRow = cOff + i * crs;
    for (let j = 0; j < n; j++) {
      let acc = 0;
      let ai = aRow;
      let bi = bOff + j * bcs;
      for (let p = 0; p < k; p++, ai += acs, bi += brs) acc += a[ai]! * b[bi]!;
      c[cRow + j]! += acc;
    }
  }
}

/** Packs an mc x kc block of A as MR-row slivers, each stored column by column; rows past mc are zero. */
function packA(mc: number, kc: number, a: Float32Array, off: number, rs: number, cs: number): void {
  const need = Math.ceil(mc / MR) * MR * kc;
  if (packedA.length < need) packedA = new Float64Array(need);
  const out = packedA;
  let o = 0;
  for (let i = 0; i < mc; i += MR) {
    const mr = Math.min(MR, mc - i);
    let at = off + i * rs;
    if (mr === MR) {
      for (let p = 0; p < kc; p++, at += cs, o += MR) {
        out[o] = a[at]!;
        out[o + 1] = a[at + rs]!;
        out[o + 2] = a[at + 2 * rs]!;
        out[o + 3] = a[at + 3 * rs]!;
      }
    } else {
      for (let p = 0; p < kc; p++, at += cs, o += MR) {
        for (let r = 0; r < MR; r++) out[o + r] = r < mr ? a[at + r * rs]! : 0;
      }
    }
  }
}

/**
 * Packs rows [p0, p0 + kc) and columns [j0, j0 + nc) of the B of `gemmIndexed` as NR-column slivers, each
 * stored row by row; columns past nc are zero.
 */
function packB(kc: number, nc: number, B: IndexedMatrix, p0: number, j0: number): void {
  const { data: b, offset: off, rowOffsets: rows, colOffsets: cols } = B;
  const need = Math.ceil(nc / NR) * NR * kc;
  if (packedB.length < need) packedB = new Float64Array(need);
  const out = packedB;
  let o = 0;
  for (let j = j0; j < j0 + nc; j += NR) {
    const nr = Math.min(NR, j0 + nc - j);
    if (nr === NR) {
      // biome-ignore format: one offset per column of the sliver
      const c0 = cols[j]!, c1 = cols[j + 1]!, c2 = cols[j + 2]!, c3 = cols[j + 3]!,
        c4 = cols[j + 4]!, c5 = cols[j + 5]!, c6 = cols[j + 6]!, c7 = cols[j + 7]!;
      for (let p = p0; p < p0 + kc; p++, o += NR) {
        const at = off + rows[p]!;
        out[o] = b[at + c0]!;
        out[o + 1] = b[at + c1]!;
        out[o + 2] = b[at + c2]!;
        out[o + 3] = b[at + c3]!;
        out[o + 4] = b[at + c4]!;
        out[o + 5] = b[at + c5]!;
        out[o + 6] = b[at + c6]!;
        out[o + 7] = b[at + c7]!;
      }
    } else {
      for (let p = p0; p < p0 + kc; p++, o += NR) {
        const at = off + rows[p]!;
        for (let r = 0; r < NR; r++) out[o + r] = r < nr ? b[at + cols[j + r]!]! : 0;
      }
    }
  }
}

/**
 * A 4x8 tile: 32 accumulators in registers over kc steps, then added into C. On the bottom or right edge the
 * zero-padded panels still give a full tile, of which only the top-left mr x nr lies in C and is added.
 */
// biome-ignore format: the register block reads best as a 4x8 grid
function microKernel(
  kc: number, pa: number, pb: number, c: Float32Array, co: number, crs: number, mr: number, nr: number,
): void {
  const A = packedA;
  const B = packedB;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let p = 0; p < kc; p++, pa += MR, pb += NR) {
    const a0 = A[pa]!, a1 = A[pa + 1]!, a2 = A[pa + 2]!, a3 = A[pa + 3]!;
    let bv = B[pb]!;
    c00 += a0 * bv; c10 += a1 * bv; c20 += a2 * bv; c30 += a3 * bv;
    bv = B[pb + 1]!;
    c01 += a0 * bv; c11 += a1 * bv; c21 += a2 * bv; c31 += a3 * bv;
    bv = B[pb + 2]!;
    c02 += a0 * bv; c12 += a1 * bv; c22 += a2 * bv; c32 += a3 * bv;
    bv = B[pb + 3]!;
    c03 += a0 * bv; c13 += a1 * bv; c23 += a2 * bv; c33 += a3 * bv;
    bv = B[pb + 4]!;
    c04 += a0 * bv; c14 += a1 * bv; c24 += a2 * bv; c34 += a3 * bv;
    bv = B[pb + 5]!;
    c05 += a0 * bv; c15 += a1 * bv; c25 += a2 * bv; c35 += a3 * bv;
    bv = B[pb + 6]!;
    c06 += a0 * bv; c16 += a1 * bv; c26 += a2 * bv; c36 += a3 * bv;
    bv = B[pb + 7]!;
    c07 += a0 * bv; c17 += a1 * bv; c27 += a2 * bv; c37 += a3 * bv;
  }
  if (mr < MR || nr < NR) {
    const t = edgeTile;
    t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c04; t[5] = c05; t[6] = c06; t[7] = c07;
    t[8] = c10; t[9] = c11; t[10] = c12; t[11] = c13; t[12] = c14; t[13] = c15; t[14] = c16; t[15] = c17;
    t[16] = c20; t[17] = c21; t[18] = c22; t[19] = c23; t[20] = c24; t[21] = c25; t[22] = c26; t[23] = c27;
    t[24] = c30; t[25] = c31; t[26] = c32; t[27] = c33; t[28] = c34; t[29] = c35; t[30] = c36; t[31] = c37;
    for (let r = 0; r < mr; r++) {
      for (let s = 0; s < nr; s++) c[co + r * crs + s]! += t[r * NR + s]!;
    }
    return;
  }
  let o = co;
  c[o]! += c00; c[o + 1]! += c01; c[o + 2]! += c02; c[o + 3]! += c03;
  c[o + 4]! += c04; c[o + 5]! += c05; c[o + 6]! += c06; c[o + 7]! += c07;
  o += crs;
  c[o]! += c10; c[o + 1]! += c11; c[o + 2]! += c12; c[o + 3]! += c13;
  c[o + 4]! += c14; c[o + 5]! += c15; c[o + 6]! += c16; c[o + 7]! += c17;
  o += crs;
  c[o]! += c20; c[o + 1]! += c21; c[o + 2]! += c22; c[o + 3]! += c23;
  c[o + 4]! += c24; c[o + 5]! += c25; c[o + 6]! += c26; c[o + 7]! += c27;
  o += crs;
  c[o]! += c30; c[o + 1]! += c31; c[o + 2]! += c32; c[o + 3]! += c33;
  c[o + 4]! += c34; c[o + 5]! += c35; c[o + 6]! += c36; c[o + 7]! += c37;
}
