// Reductions over any set of dims of a strided array: one driver splits the dims into kept and reduced ones and
// hands each lane of reduced elements to a lane reducer (the kept/reduced split of ATen's Reduce.h).
import { allocate, dtypeOfArray, type TypedArray } from '../dtype.js';
import { coalesce, forEachRow, gatherStrided } from '../plan/strided.js';
import { numelOf } from '../shape.js';

/** Reduces the `n` values of `x` at `start`, `start + stride`, ... (in logical order) to one number. */
export type LaneReducer = (x: ArrayLike<number>, start: number, n: number, stride: number) => number;

/**
 * Writes into `out` (row-major over the kept dims) the reduction of every lane over `dims` (sorted) of the
 * array `src` viewed with `shape`, `strides`, `offset`. A lane that coalesces to one strided run is read in
 * place (stride 1 when the innermost contiguous dim is reduced); any other lane is first gathered.
 */
export function reduceDims(
  src: TypedArray,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  dims: readonly number[],
  lane: LaneReducer,
  out: TypedArray,
): void {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const laneShape: number[] = [];
  const laneStrides: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const reduced = dims.includes(d);
    (reduced ? laneShape : keptShape).push(shape[d]!);
    (reduced ? laneStrides : keptStrides).push(strides[d]!);
  }
  const run = coalesce(laneShape, [laneStrides]);
  let reduceAt: (base: number) => number;
  if (run.shape.length === 1) {
    const n = run.shape[0]!;
    const stride = run.strides[0]![0]!;
    reduceAt = (base) => lane(src, base, n, stride);
  } else {
    const scratch = allocate(dtypeOfArray(src), numelOf(run.shape));
    reduceAt = (base) => {
      gatherStrided(src, base, run.shape, run.strides[0]!, scratch);
      return lane(scratch, 0, scratch.length, 1);
    };
  }
  let o = 0;
  forEachRow(keptShape, [keptStrides], [offset], (offs, n, inner) => {
    const step = inner[0]!;
    for (let j = 0, base = offs[0]!; j < n; j++, base += step) out[o++] = reduceAt(base);
  });
}

export const sumLane: LaneReducer = (x, i, n, s) => {
  let acc = 0;
  for (let k = 0; k < n; k++, i += s) acc += x[i]!;
  return acc;
};

export const prodLane: LaneReducer = (x, i, n, s) => {
  let acc = 1;
  for (let k = 0; k < n; k++, i += s) acc *= x[i]!;
  return acc;
};

/** The mean; an empty lane gives 0/0 = nan as PyTorch. */
export const meanLane: LaneReducer = (x, i, n, s) => sumLane(x, i, n, s) / n;

/** Variance with Bessel-style `correction`, two passes in float64; divisor max(0, n - correction) as PyTorch. */
export function varLane(correction: number): LaneReducer {
  return (x, i, n, s) => {
    const mean = meanLane(x, i, n, s);
    let ss = 0;
    for (let k = 0; k < n; k++, i += s) {
      const d = x[i]! - mean;
      ss += d * d;
    }
    return ss / Math.max(0, n - correction);
  };
}

/** The largest value; nan wins as in PyTorch. */
export const amaxLane: LaneReducer = (x, i, n, s) => {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i]!;
    if (Number.isNaN(v)) return v;
    if (v > m) m = v;
  }
  return m;
};

/** The smallest value; nan wins as in PyTorch. */
export const aminLane: LaneReducer = (x, i, n, s) => {
  let m = Number.POSITIVE_INFINITY;
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i]!;
    if (Number.isNaN(v)) return v;
    if (v < m) m = v;
  }
  return m;
};

/** Position of the first largest value (of the first nan, if any) within the lane. */
export const argmaxLane: LaneReducer = (x, i, n, s) => {
  let best = 0;
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i]!;
    if (Number.isNaN(v)) return k;
    if (v > m || k === 0) {
      m = v;
      best = k;
    }
  }
  return best;
};

/** Position of the first smallest value (of the first nan, if any) within the lane. */
export const argminLane: LaneReducer = (x, i, n, s) => {
  let best = 0;
  let m = Number.POSITIVE_INFINITY;
  for (let k = 0; k < n; k++, i += s) {
    const v = x[i]!;
    if (Number.isNaN(v)) return k;
    if (v < m || k === 0) {
      m = v;
      best = k;
    }
  }
  return best;
};

/** log(sum(exp(x))) shifted by the max; an infinite max shifts by 0, as ATen's logsumexp. */
export const logsumexpLane: LaneReducer = (x, i, n, s) => {
  const m = amaxLane(x, i, n, s);
  if (Number.isNaN(m)) return m;
  const shift = Number.isFinite(m) ? m : 0;
  let acc = 0;
  for (let k = 0; k < n; k++, i += s) acc += Math.exp(x[i]! - shift);
  return Math.log(acc) + shift;
};

/** 1 when every value is nonzero (nan counts as true). */
export const allLane: LaneReducer = (x, i, n, s) => {
  for (let k = 0; k < n; k++, i += s) if (x[i] === 0) return 0;
  return 1;
};

/** 1 when some value is nonzero (nan counts as true). */
export const anyLane: LaneReducer = (x, i, n, s) => {
  for (let k = 0; k < n; k++, i += s) if (x[i] !== 0) return 1;
  return 0;
};
