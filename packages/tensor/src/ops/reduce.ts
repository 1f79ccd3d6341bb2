// Reductions as primitives over a normalised, sorted dim list (`{ dims, keepdim }`); std and max/min along a
// dim are sugar. Semantics, dtypes and messages of ATen's ReduceOps.cpp (int32 standing for int64).
import type { DType } from '../dtype.js';
import { DTypeError, IndexError, RuntimeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import {
  allLane,
  amaxLane,
  aminLane,
  anyLane,
  argmaxLane,
  argminLane,
  type LaneReducer,
  logsumexpLane,
  meanLane,
  prodLane,
  reduceDims,
  sumLane,
  varLane,
} from '../kernels/reduce.js';
import { defineFamily, type PrimitiveSpec } from '../primitive.js';
import { normalizeDim, normalizeDims, numelOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from '../validate.js';
import { empty } from './creation.js';
import { sqrt } from './elementwise.js';

export interface ReduceOptions {
  keepdim?: boolean;
}

export interface VarOptions extends ReduceOptions {
  /** Subtracted from the element count in the divisor: 1 is Bessel's correction, 0 the population variance. */
  correction?: number;
}

/** `max(x, dim)` / `min(x, dim)`: the extreme values and the index of the first one along `dim`. */
export interface MinMaxResult {
  values: Tensor;
  indices: Tensor;
}

/** Params of the dim-list reductions: `dims` non-negative and sorted, `[0, ..., ndim - 1]` for all. */
export interface ReduceParams {
  dims: number[];
  keepdim: boolean;
}

export interface VarParams extends ReduceParams {
  correction: number;
}

/** Params of argmax/argmin: one non-negative `dim`, or `null` for an index into the flattened tensor. */
export interface ArgReduceParams {
  dim: number | null;
  keepdim: boolean;
}

/** The shape left after reducing `dims`: dropped, or kept with size 1 under `keepdim`. */
export function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, d) => {
    if (!dims.includes(d)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** PyTorch's short dtype names, for messages copied from ATen. */
const TORCH_NAME: Record<DType, string> = { float32: 'Float', int32: 'Int', bool: 'Bool' };

function checkDims(op: string, ndim: number, dims: readonly number[]): void {
  dims.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d >= ndim || (i > 0 && d <= dims[i - 1]!)) {
      throw new IndexError(
        `${op}(): expected dims sorted, distinct and in [0, ${ndim}), but got [${dims.join(', ')}]`,
      );
    }
  });
}

/** ATen's check that a reduction without an identity (max, argmax) has something to reduce. */
function checkNonEmpty(op: string, shape: Shape, dims: readonly number[]): void {
  for (const d of dims) {
    if (shape[d] === 0) throw new IndexError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
  }
}

const sameDType = (_op: string, dtype: DType): DType => dtype;
const sumDType = (_op: string, dtype: DType): DType => (dtype === 'float32' ? dtype : 'int32');
const toFloat = (): DType => 'float32';
const toBool = (): DType => 'bool';
const floatOnly = (op: string, dtype: DType): DType => {
  if (dtype !== 'float32') {
    throw new DTypeError(
      `${op}(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. ` +
        `Got: ${TORCH_NAME[dtype]}`,
    );
  }
  return dtype;
};
const varDType = (op: string, dtype: DType): DType => {
  if (dtype !== 'float32') {
    throw new DTypeError(
      `${op}(): std and var only support floating point and complex dtypes, but got ${dtype}`,
    );
  }
  return dtype;
};

interface ReductionSpec<P extends ReduceParams> {
  name: string;
  outDType: (op: string, dtype: DType) => DType;
  lane: (params: P) => LaneReducer;
  /** No identity: every reduced dim must be non-empty. */
  needsElements?: boolean;
  checkParams?: (params: P) => void;
}

/** A primitive reducing one tensor over `params.dims` with a lane reducer of kernels/reduce.ts. */
function reductionSpec<P extends ReduceParams>(r: ReductionSpec<P>): PrimitiveSpec<P, 'reduction'> {
  return {
    kind: 'reduction',
    shapeRule: ([x], params) => {
      const { shape, dtype } = x!;
      checkDims(r.name, shape.length, params.dims);
      r.checkParams?.(params);
      if (r.needsElements) checkNonEmpty(r.name, shape, params.dims);
      return [{ shape: reducedShape(shape, params.dims, params.keepdim), dtype: r.outDType(r.name, dtype) }];
    },
    impl: ([x], params, [aval]) => {
      const out = empty(aval!);
      reduceDims(
        x!.storage.data,
        x!.offset,
        x!.shape,
        x!.strides,
        params.dims,
        r.lane(params),
        out.storage.data,
      );
      return [out];
    },
  };
}

/** argmax/argmin: the index within `dim`, or into the flattened tensor when `dim` is null. */
function argReductionSpec(name: string, lane: LaneReducer): PrimitiveSpec<ArgReduceParams> {
  const dimsOf = (ndim: number, p: ArgReduceParams) =>
    p.dim === null ? Array.from({ length: ndim }, (_, d) => d) : [p.dim];
  return {
    shapeRule: ([x], params) => {
      const { shape } = x!;
      if (params.dim === null) {
        if (numelOf(shape) === 0) {
          throw new IndexError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
        }
      } else {
        checkDims(name, shape.length, [params.dim]);
        checkNonEmpty(name, shape, [params.dim]);
      }
      const outShape =
        params.dim === null && params.keepdim
          ? shape.map(() => 1)
          : reducedShape(shape, dimsOf(shape.length, params), params.keepdim);
      return [{ shape: outShape, dtype: 'int32' }];
    },
    impl: ([x], params, [aval]) => {
      const out = empty(aval!);
      const t = x!;
      reduceDims(
        t.storage.data,
        t.offset,
        t.shape,
        t.strides,
        dimsOf(t.ndim, params),
        lane,
        out.storage.data,
      );
      return [out];
    },
  };
}

/** The reduction primitives: over a sorted list of dims (kind `reduction`), and argmax/argmin over one dim. */
export const reducePrimitives = /* @__PURE__ */ defineFamily('reduce', {
  sum: reductionSpec<ReduceParams>({ name: 'sum', outDType: sumDType, lane: () => sumLane }),
  prod: reductionSpec<ReduceParams>({ name: 'prod', outDType: sumDType, lane: () => prodLane }),
  mean: reductionSpec<ReduceParams>({ name: 'mean', outDType: floatOnly, lane: () => meanLane }),
  var: reductionSpec<VarParams>({
    name: 'var',
    outDType: varDType,
    lane: (p) => varLane(p.correction),
    checkParams: (p) => {
      if (!Number.isFinite(p.correction)) {
        throw new ValueError(`var(): expected correction to be a finite number, but got ${p.correction}`);
      }
    },
  }),
  amax: reductionSpec<ReduceParams>({
    name: 'amax',
    outDType: sameDType,
    lane: () => amaxLane,
    needsElements: true,
  }),
  amin: reductionSpec<ReduceParams>({
    name: 'amin',
    outDType: sameDType,
    lane: () => aminLane,
    needsElements: true,
  }),
  logsumexp: reductionSpec<ReduceParams>({ name: 'logsumexp', outDType: toFloat, lane: () => logsumexpLane }),
  all: reductionSpec<ReduceParams>({ name: 'all', outDType: toBool, lane: () => allLane }),
  any: reductionSpec<ReduceParams>({ name: 'any', outDType: toBool, lane: () => anyLane }),
  argmax: argReductionSpec('argmax', argmaxLane),
  argmin: argReductionSpec('argmin', argminLane),
});

const P = reducePrimitives;

// ---- public functions ----------------------------------------------------------------------------------

type Dims = number | readonly number[] | null;

/** Whether `dim` asks for every dim: omitted, null or an empty list (PyTorch's `dim=[]`). */
function isAllDims(dim: Dims | undefined): boolean {
  return dim === undefined || dim === null || (typeof dim !== 'number' && dim.length === 0);
}

/** Normalised dims, sorted; every dim when `dim` asks for all. */
function reduceDimsOf(op: string, x: Tensor, dim: Dims | undefined): number[] {
  return isAllDims(dim) ? x.shape.map((_, d) => d) : normalizeDims(dim, x.ndim, op);
}

/** PyTorch's message when an op without an identity is asked to reduce an empty tensor over all dims. */
function checkReducible(op: string, x: Tensor, dim: Dims): void {
  if (isAllDims(dim) && x.numel() === 0) {
    throw new RuntimeError(
      `${op}(): Expected reduction dim to be specified for input.numel() == 0. ` +
        "Specify the reduction dim with the 'dim' argument.",
    );
  }
}

/** Sum over `dim` (all dims by default); int and bool inputs sum to int32. */
export function sum(x: Tensor, dim: Dims = null, { keepdim = false }: ReduceOptions = {}): Tensor {
  expectTensor('sum', 'input', x);
  return bind1(P.sum, [x], { dims: reduceDimsOf('sum', x, dim), keepdim });
}

/** Product over `dim`; int and bool inputs multiply to int32; an empty product is 1. */
export function prod(x: Tensor, dim: Dims = null, { keepdim = false }: ReduceOptions = {}): Tensor {
  expectTensor('prod', 'input', x);
  return bind1(P.prod, [x], { dims: reduceDimsOf('prod', x, dim), keepdim });
}

/** Mean over `dim` of a float tensor; an empty mean is nan. */
export function mean(x: Tensor, dim: Dims = null, { keepdim = false }: ReduceOptions = {}): Tensor {
  expectTensor('mean', 'input', x);
  return bind1(P.mean, [x], { dims: reduceDimsOf('mean', x, dim), keepdim });
}

/** Variance over `dim`: sum((x - mean)^2) / max(0, N - correction). Tensor method `var`. */
export function variance(
  x: Tensor,
  dim: Dims = null,
  { correction = 1, keepdim = false }: VarOptions = {},
): Tensor {
  expectTensor('var', 'input', x);
  return bind1(P.var, [x], { dims: reduceDimsOf('var', x, dim), keepdim, correction });
}

/** Standard deviation: the square root of `variance` with the same options. */
export function std(x: Tensor, dim: Dims = null, options: VarOptions = {}): Tensor {
  expectTensor('std', 'input', x);
  return sqrt(variance(x, dim, options));
}

/** Largest value over `dim` (nan if any); every reduced dim must be non-empty. */
export function amax(x: Tensor, dim: Dims = null, { keepdim = false }: ReduceOptions = {}): Tensor {
  expectTensor('amax', 'input', x);
  checkReducible('amax', x, dim);
  return bind1(P.amax, [x], { dims: reduceDimsOf('amax', x, dim), keepdim });
}

/** Smallest value over `dim` (nan if any); every reduced dim must be non-empty. */
export function amin(x: Tensor, dim: Dims = null, { keepdim = false }: ReduceOptions = {}): Tensor {
  expectTensor('amin', 'input', x);
  checkReducible('amin', x, dim);
  return bind1(P.amin, [x], { dims: reduceDimsOf('amin', x, dim), keepdim });
}

/** log(sum(exp(x))) over `dim`, computed stably; int and bool inputs give float32 as PyTorch. */
export function logsumexp(
  x: Tensor,
  dim: number | readonly number[],
  { keepdim = false }: ReduceOptions = {},
): Tensor {
  expectTensor('logsumexp', 'input', x);
  return bind1(P.logsumexp, [x], { dims: reduceDimsOf('logsumexp', x, dim), keepdim });
}

/** Whether every element over `dim` is nonzero (bool output). */
export function all(x: Tensor, dim: Dims = null, { keepdim = false }: ReduceOptions = {}): Tensor {
  expectTensor('all', 'input', x);
  return bind1(P.all, [x], { dims: reduceDimsOf('all', x, dim), keepdim });
}

/** Whether some element over `dim` is nonzero (bool output). */
export function any(x: Tensor, dim: Dims = null, { keepdim = false }: ReduceOptions = {}): Tensor {
  expectTensor('any', 'input', x);
  return bind1(P.any, [x], { dims: reduceDimsOf('any', x, dim), keepdim });
}

/** A 0-d tensor's only dim is written 0 or -1 and means "all of it". */
function argDim(op: string, x: Tensor, dim: number | null): number | null {
  if (dim === null) return null;
  const d = normalizeDim(dim, x.ndim, op);
  return x.ndim === 0 ? null : d;
}

function checkNotBool(op: string, x: Tensor): void {
  if (x.dtype === 'bool') throw new DTypeError(`${op}(): "${op}_cpu" not implemented for 'Bool'`);
}

/** Index of the first largest value along `dim`, or into the flattened tensor without `dim` (int32). */
export function argmax(
  x: Tensor,
  dim: number | null = null,
  { keepdim = false }: ReduceOptions = {},
): Tensor {
  expectTensor('argmax', 'input', x);
  checkNotBool('argmax', x);
  return bind1(P.argmax, [x], { dim: argDim('argmax', x, dim), keepdim });
}

/** Index of the first smallest value along `dim`, or into the flattened tensor without `dim` (int32). */
export function argmin(
  x: Tensor,
  dim: number | null = null,
  { keepdim = false }: ReduceOptions = {},
): Tensor {
  expectTensor('argmin', 'input', x);
  checkNotBool('argmin', x);
  return bind1(P.argmin, [x], { dim: argDim('argmin', x, dim), keepdim });
}

/** Both halves of `max(x, dim)` / `min(x, dim)`: the extreme values and where they first occur. */
function extremeAlong(
  op: string,
  values: 'amax' | 'amin',
  indices: 'argmax' | 'argmin',
  x: Tensor,
  dim: number,
  keepdim: boolean,
): MinMaxResult {
  const dims = normalizeDims(dim, x.ndim, op);
  checkNonEmpty(op, x.shape, dims);
  return {
    values: bind1(P[values], [x], { dims, keepdim }),
    indices: bind1(P[indices], [x], { dim: dims[0] ?? null, keepdim }),
  };
}

/** `max(x)`: the largest value as a 0-d tensor; `max(x, dim)`: `{ values, indices }` along `dim`. */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, options?: ReduceOptions): MinMaxResult;
export function max(x: Tensor, dim?: number, { keepdim = false }: ReduceOptions = {}): Tensor | MinMaxResult {
  expectTensor('max', 'input', x);
  if (dim !== undefined) return extremeAlong('max', 'amax', 'argmax', x, dim, keepdim);
  checkReducible('max', x, null);
  return bind1(P.amax, [x], { dims: reduceDimsOf('max', x, null), keepdim: false });
}

/** `min(x)`: the smallest value as a 0-d tensor; `min(x, dim)`: `{ values, indices }` along `dim`. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, options?: ReduceOptions): MinMaxResult;
export function min(x: Tensor, dim?: number, { keepdim = false }: ReduceOptions = {}): Tensor | MinMaxResult {
  expectTensor('min', 'input', x);
  if (dim !== undefined) return extremeAlong('min', 'amin', 'argmin', x, dim, keepdim);
  checkReducible('min', x, null);
  return bind1(P.amin, [x], { dims: reduceDimsOf('min', x, null), keepdim: false });
}
