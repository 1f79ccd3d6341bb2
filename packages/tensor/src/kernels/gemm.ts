// GEMM on float32 arrays with arbitrary strides: C = A·B or C += A·B. Goto/BLIS blocking (pack A and B into
// panels, a 4x8 register-blocked micro-kernel), as in BLIS's gemm and OpenBLAS's sgemm kernels. No Tensor here.

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
/** One row of C summed in float64 by the unblocked loop. */
let rowSums = new Float64Array(0);
/** An edge tile's accumulators, copied out only where the tile is inside C. */
const edgeTile = new Float64Array(MR * NR);

/**
 * C[i, j] (=|+=) sum over p of A[i, p] * B[p, j], for i < m, j < n, p < k.
 *
 * Element (i, p) of A is `a[aOff + i * aRowStride + p * aColStride]`, (p, j) of B is
 * `b[bOff + p * bRowStride + j * bColStride]`, so transposed and strided operands need no copy (a stride may
 * be 0 for a broadcast operand). C is row-major with unit column stride: (i, j) is `c[cOff + i * cRowStride + j]`.
 * With `accumulate` false C is overwritten (its old values, NaN included, are ignored); with true the product
 * is added to it; C must not overlap A or B. k = 0 gives zeros (or leaves C unchanged). Products and sums
 * run in float64 within a KC-long block of k, and C is rounded to float32 between blocks.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: Float32Array,
  bOff: number,
  bRowStride: number,
  bColStride: number,
  c: Float32Array,
  cOff: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (!accumulate) for (let i = 0; i < m; i++) c.fill(0, cOff + i * cRowStride, cOff + i * cRowStride + n);
  if (k === 0) return;
  if (m * n * k <= SMALL || m === 1 || n === 1) {
    gemmDirect(
      m,
      n,
      k,
      a,
      aOff,
      aRowStride,
      aColStride,
      b,
      bOff,
      bRowStride,
      bColStride,
      c,
      cOff,
      cRowStride,
    );
    return;
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(kc, nc, b, bOff + pc * bRowStride + jc * bColStride, bRowStride, bColStride);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(mc, kc, a, aOff + ic * aRowStride + pc * aColStride, aRowStride, aColStride);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const cAt = cOff + (ic + ir) * cRowStride + jc + jr;
            if (mr === MR && nr === NR) microKernel(kc, ir * kc, jr * kc, c, cAt, cRowStride);
            else microKernelEdge(kc, ir * kc, jr * kc, c, cAt, cRowStride, mr, nr);
          }
        }
      }
    }
  }
}

/** The unblocked loop for small or vector-shaped products, in float64: row-streaming or one dot per element. */
function gemmDirect(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOff: number,
  ars: number,
  acs: number,
  b: Float32Array,
  bOff: number,
  brs: number,
  bcs: number,
  c: Float32Array,
  cOff: number,
  crs: number,
): void {
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

/** Packs a kc x nc block of B as NR-column slivers, each stored row by row; columns past nc are zero. */
function packB(kc: number, nc: number, b: Float32Array, off: number, rs: number, cs: number): void {
  const need = Math.ceil(nc / NR) * NR * kc;
  if (packedB.length < need) packedB = new Float64Array(need);
  const out = packedB;
  let o = 0;
  for (let j = 0; j < nc; j += NR) {
    const nr = Math.min(NR, nc - j);
    let at = off + j * cs;
    if (nr === NR && cs === 1) {
      for (let p = 0; p < kc; p++, at += rs, o += NR) {
        for (let r = 0; r < NR; r++) out[o + r] = b[at + r]!;
      }
    } else {
      for (let p = 0; p < kc; p++, at += rs, o += NR) {
        for (let r = 0; r < NR; r++) out[o + r] = r < nr ? b[at + r * cs]! : 0;
      }
    }
  }
}

/** A full 4x8 tile: 32 accumulators in registers over kc steps, then added into C. */
// biome-ignore format: the register block reads best as a 4x8 grid
function microKernel(kc: number, pa: number, pb: number, c: Float32Array, co: number, crs: number): void {
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

/** A tile on the bottom or right edge: the zero-padded panels give a full tile; only mr x nr of it is kept. */
function microKernelEdge(
  kc: number,
  pa: number,
  pb: number,
  c: Float32Array,
  co: number,
  crs: number,
  mr: number,
  nr: number,
): void {
  const A = packedA;
  const B = packedB;
  const tile = edgeTile;
  tile.fill(0);
  for (let p = 0; p < kc; p++, pa += MR, pb += NR) {
    for (let r = 0; r < MR; r++) {
      const av = A[pa + r]!;
      const t = r * NR;
      for (let s = 0; s < NR; s++) tile[t + s]! += av * B[pb + s]!;
    }
  }
  for (let r = 0; r < mr; r++) {
    for (let s = 0; s < nr; s++) c[co + r * crs + s]! += tile[r * NR + s]!;
  }
}
