// How elementwise kernels walk their operands (PyTorch's TensorIterator, reduced to three cases): one flat loop
// when every operand is row-major, a stride-0 scalar beside row-major operands, and the strided iterator.
import type { TypedArray } from '../dtype.js';
import { forEachRow, type StridedArray } from '../plan/strided.js';
import { isContiguousLayout, numelOf } from '../shape.js';

/** One row of a unary op: `n` elements, each operand from its own offset by its own stride. */
export type UnaryRow = (
  n: number,
  out: TypedArray,
  oi: number,
  os: number,
  x: TypedArray,
  xi: number,
  xs: number,
) => void;

/**
 * One row of a binary op. Rows with unit strides and zero offsets are whole contiguous operands (the flat
 * fast path); `bs === 0` with unit `os`, `as` is a scalar right operand.
 */
export type BinaryRow = (
  n: number,
  out: TypedArray,
  oi: number,
  os: number,
  a: TypedArray,
  ai: number,
  as: number,
  b: TypedArray,
  bi: number,
  bs: number,
) => void;

function isBroadcastScalar(shape: readonly number[], strides: readonly number[]): boolean {
  for (let d = 0; d < shape.length; d++) if (shape[d] !== 1 && strides[d] !== 0) return false;
  return true;
}

/** The `n` elements of a row-major operand as a view starting at index 0. */
function flat(x: StridedArray, n: number): TypedArray {
  return x.offset === 0 ? x.data : x.data.subarray(x.offset, x.offset + n);
}

/** Applies `row` to every element of `shape`: `out[i] = f(x[i])`. `out` may be `x` itself. */
export function map1(row: UnaryRow, shape: readonly number[], out: StridedArray, x: StridedArray): void {
  const n = numelOf(shape);
  if (n === 0) return;
  if (isContiguousLayout(shape, out.strides) && isContiguousLayout(shape, x.strides)) {
    row(n, flat(out, n), 0, 1, flat(x, n), 0, 1);
    return;
  }
  forEachRow(shape, [out.strides, x.strides], [out.offset, x.offset], (o, m, s) => {
    row(m, out.data, o[0]!, s[0]!, x.data, o[1]!, s[1]!);
  });
}

/** Applies `row` to every element of `shape`: `out[i] = f(a[i], b[i])`. `out` may be `a` itself. */
export function map2(
  row: BinaryRow,
  shape: readonly number[],
  out: StridedArray,
  a: StridedArray,
  b: StridedArray,
): void {
  const n = numelOf(shape);
  if (n === 0) return;
  if (isContiguousLayout(shape, out.strides) && isContiguousLayout(shape, a.strides)) {
    if (isContiguousLayout(shape, b.strides)) {
      row(n, flat(out, n), 0, 1, flat(a, n), 0, 1, flat(b, n), 0, 1);
      return;
    }
    if (isBroadcastScalar(shape, b.strides)) {
      row(n, out.data, out.offset, 1, a.data, a.offset, 1, b.data, b.offset, 0);
      return;
    }
  }
  forEachRow(shape, [out.strides, a.strides, b.strides], [out.offset, a.offset, b.offset], (o, m, s) => {
    row(m, out.data, o[0]!, s[0]!, a.data, o[1]!, s[1]!, b.data, o[2]!, s[2]!);
  });
}

/** `out[i] = cond[i] ? a[i] : b[i]` over `shape`. */
export function where(
  shape: readonly number[],
  out: StridedArray,
  cond: StridedArray,
  a: StridedArray,
  b: StridedArray,
): void {
  const o = out.data;
  const c = cond.data;
  const x = a.data;
  const y = b.data;
  const strides = [out.strides, cond.strides, a.strides, b.strides];
  forEachRow(shape, strides, [out.offset, cond.offset, a.offset, b.offset], (offs, n, s) => {
    let [oi, ci, ai, bi] = offs as [number, number, number, number];
    const [os, cs, as, bs] = s as [number, number, number, number];
    for (let j = 0; j < n; j++, oi += os, ci += cs, ai += as, bi += bs) o[oi] = c[ci] ? x[ai]! : y[bi]!;
  });
}
