// Tensor: a logical shape and dtype at an interpreter level. Level 0 holds a Storage viewed through
// strides and an offset; higher levels wrap a transform's payload (a vmap BatchedTensor).
// Every method is sugar over the functions of `ops/`, which end in `bind`. Below this file only two modules import
// the class as a value, the back edges of that import: ops/creation.ts, which makes every tensor (`empty`,
// `viewOf`, `fromTypedArray`), and validate.ts, which recognises them in arguments; the rest import its type.
import type { DType, TypedArray } from './dtype.js';
import { RuntimeError, ValueError } from './errors.js';
import { formatTensor } from './format.js';
import type { Interpreter } from './interpreter.js';
import { checkAlive } from './interpreter.js';
import { allclose, type CloseOptions, isclose } from './ops/compare.js';
import {
  abs,
  add,
  clamp,
  div,
  eq,
  erf,
  exp,
  type GeluOptions,
  ge,
  gelu,
  gt,
  le,
  log,
  logicalAnd,
  logicalNot,
  logicalOr,
  logicalXor,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  neg,
  pow,
  reciprocal,
  relu,
  rsqrt,
  sigmoid,
  sign,
  silu,
  sqrt,
  square,
  sub,
  tanh,
  to,
  where,
} from './ops/elementwise.js';
import { flip, gather, indexSelect } from './ops/indexing.js';
import { add_, clamp_, copy_, div_, fill_, mul_, relu_, sub_, zero_ } from './ops/inplace.js';
import { matmul } from './ops/linalg.js';
import {
  all,
  amax,
  amin,
  any,
  argmax,
  argmin,
  logsumexp,
  type MinMaxResult,
  max,
  mean,
  min,
  prod,
  type ReduceOptions,
  std,
  sum,
  type VarOptions,
  variance,
} from './ops/reduce.js';
import { logSoftmax, softmax } from './ops/softmax.js';
import {
  chunk,
  clone,
  contiguous,
  detach,
  expand,
  expandAs,
  flatten,
  isContiguous,
  movedim,
  narrow,
  permute,
  reshape,
  select,
  slice,
  split,
  squeeze,
  t,
  transpose,
  unflatten,
  unsqueeze,
  view,
} from './ops/views.js';
import { readTypedArray } from './readout.js';
import type { Shape } from './shape.js';
import { contiguousStrides, numelOf } from './shape.js';
import type { Storage } from './storage.js';

/** A tensor, or a number/boolean that broadcasts like a 0-d tensor (PyTorch's wrapped numbers). */
export type TensorLike = Tensor | number | boolean;

/** Nested arrays of numbers or booleans, as `toArray()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

// biome-ignore format: one line per sugar method keeps the method table readable
export class Tensor {
  readonly shape: Shape;
  readonly dtype: DType;
  /** 0 for a concrete tensor; the level of the interpreter that wraps it otherwise. */
  readonly level: number;
  readonly #storage: Storage | null;
  /** Strides in elements (concrete tensors; empty for wrapped ones). */
  readonly strides: readonly number[];
  /** Offset of element [0, ..., 0] in the storage (concrete tensors). */
  readonly offset: number;
  /** The interpreter that wraps this tensor (null at level 0). */
  readonly interpreter: Interpreter | null;
  /** The interpreter's own representation of this tensor (e.g. `{ value, bdim }` for vmap). */
  readonly payload: unknown;

  private constructor(
    shape: Shape,
    dtype: DType,
    level: number,
    storage: Storage | null,
    strides: readonly number[],
    offset: number,
    interpreter: Interpreter | null,
    payload: unknown,
  ) {
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.level = level;
    this.#storage = storage;
    this.strides = Object.freeze([...strides]);
    this.offset = offset;
    this.interpreter = interpreter;
    this.payload = payload;
  }

  /**
   * A concrete tensor viewing `storage`; strides default to row-major. Every element the view reaches must lie in
   * the storage (PyTorch's "setStorage: sizes ... out of bounds for storage").
   */
  static fromStorage(storage: Storage, shape: Shape, strides: readonly number[] = contiguousStrides(shape), offset = 0) {
    checkInStorage(storage, shape, strides, offset);
    return new Tensor(shape, storage.dtype, 0, storage, strides, offset, null, null);
  }

  /** A tensor owned by `interpreter` with logical `shape` and `dtype`. */
  static wrap(interpreter: Interpreter, payload: unknown, shape: Shape, dtype: DType): Tensor {
    return new Tensor(shape, dtype, interpreter.level, null, [], 0, interpreter, payload);
  }

  /** The storage of a concrete tensor, or of the concrete tensor a wrapped one reads out as (vmap refuses). */
  get storage(): Storage {
    return this.#storage ?? this.#concrete('storage access').storage;
  }

  get ndim(): number {
    return this.shape.length;
  }

  numel(): number {
    return numelOf(this.shape);
  }

  /** `size()` is the shape; `size(dim)` one size, negative dims allowed. */
  size(): Shape;
  size(dim: number): number;
  size(dim?: number): Shape | number {
    if (dim === undefined) return this.shape;
    const d = dim < 0 ? dim + this.ndim : dim;
    const s = this.shape[d];
    if (s === undefined) {
      throw new RuntimeError(`size(): dim ${dim} out of range for a tensor with ${this.ndim} dims`);
    }
    return s;
  }

  /**
   * The concrete tensor whose values this one shows: itself at level 0, else what each interpreter reads it out as
   * (grad: its primal value; vmap refuses with its error, a batched tensor having no single value).
   */
  #concrete(what: string): Tensor {
    let t: Tensor = this;
    while (t.level > 0) {
      checkAlive(t);
      t = t.interpreter!.readout(t, what);
    }
    return t;
  }

  // ---- readout -------------------------------------------------------------------------------------
  /** A row-major copy of the values. */
  toTypedArray(): TypedArray {
    return readTypedArray(this.#concrete('toTypedArray()'));
  }

  /** The values as nested arrays (booleans for bool tensors). */
  toArray(): NestedArray {
    const flat = readTypedArray(this.#concrete('toArray()'));
    const isBool = this.dtype === 'bool';
    let i = 0;
    const build = (d: number): NestedArray => {
      if (d === this.shape.length) {
        const v = flat[i++]!;
        return isBool ? v !== 0 : v;
      }
      return Array.from({ length: this.shape[d]! }, () => build(d + 1));
    };
    return build(0);
  }

  /**
   * The value of a one-element tensor, as a number for every dtype: a bool tensor gives 1 or 0 (as tfjs's
   * `dataSync`; `toArray()` gives booleans), so `x.item() < 1e-4` type-checks.
   */
  item(): number {
    const t = this.#concrete('item()');
    if (t.numel() !== 1) {
      throw new RuntimeError(
        `a Tensor with ${t.numel()} elements cannot be converted to Scalar (item() needs exactly one element)`,
      );
    }
    const v = t.storage.data[t.offset]!;
    return this.dtype === 'bool' && v !== 0 ? 1 : v; // a bool array from fromTypedArray may hold any byte
  }

  /** 'Tensor' in `Object.prototype.toString` and in errors' descriptions, whatever a bundler renames the class to. */
  get [Symbol.toStringTag](): string {
    return 'Tensor';
  }

  toString(): string {
    if (this.level > 0) {
      return `Tensor(shape=[${this.shape.join(', ')}], dtype=${this.dtype}, level=${this.level} ${this.interpreter?.name ?? ''})`;
    }
    return formatTensor(this);
  }

  // ---- elementwise ---------------------------------------------------------------------------------
  add(other: TensorLike): Tensor { return add(this, other); }
  sub(other: TensorLike): Tensor { return sub(this, other); }
  mul(other: TensorLike): Tensor { return mul(this, other); }
  div(other: TensorLike): Tensor { return div(this, other); }
  pow(other: TensorLike): Tensor { return pow(this, other); }
  minimum(other: TensorLike): Tensor { return minimum(this, other); }
  maximum(other: TensorLike): Tensor { return maximum(this, other); }
  eq(other: TensorLike): Tensor { return eq(this, other); }
  ne(other: TensorLike): Tensor { return ne(this, other); }
  lt(other: TensorLike): Tensor { return lt(this, other); }
  le(other: TensorLike): Tensor { return le(this, other); }
  gt(other: TensorLike): Tensor { return gt(this, other); }
  ge(other: TensorLike): Tensor { return ge(this, other); }
  logicalAnd(other: TensorLike): Tensor { return logicalAnd(this, other); }
  logicalOr(other: TensorLike): Tensor { return logicalOr(this, other); }
  logicalXor(other: TensorLike): Tensor { return logicalXor(this, other); }
  isclose(other: Tensor, options?: CloseOptions): Tensor { return isclose(this, other, options); }
  allclose(other: Tensor, options?: CloseOptions): boolean { return allclose(this, other, options); }
  where(condition: TensorLike, other: TensorLike): Tensor { return where(condition, this, other); }
  logicalNot(): Tensor { return logicalNot(this); }
  neg(): Tensor { return neg(this); }
  abs(): Tensor { return abs(this); }
  exp(): Tensor { return exp(this); }
  log(): Tensor { return log(this); }
  sqrt(): Tensor { return sqrt(this); }
  rsqrt(): Tensor { return rsqrt(this); }
  sigmoid(): Tensor { return sigmoid(this); }
  tanh(): Tensor { return tanh(this); }
  relu(): Tensor { return relu(this); }
  silu(): Tensor { return silu(this); }
  erf(): Tensor { return erf(this); }
  gelu(options?: GeluOptions): Tensor { return gelu(this, options); }
  sign(): Tensor { return sign(this); }
  reciprocal(): Tensor { return reciprocal(this); }
  square(): Tensor { return square(this); }
  clamp(min?: number | null, max?: number | null): Tensor { return clamp(this, min, max); }
  /** A copy converted to `dtype` (the tensor itself when it already has it). */
  to(dtype: DType): Tensor { return to(this, dtype); }
  float(): Tensor { return to(this, 'float32'); }
  int(): Tensor { return to(this, 'int32'); }
  bool(): Tensor { return to(this, 'bool'); }

  // ---- in place ------------------------------------------------------------------------------------
  add_(other: TensorLike): this { add_(this, other); return this; }
  sub_(other: TensorLike): this { sub_(this, other); return this; }
  mul_(other: TensorLike): this { mul_(this, other); return this; }
  div_(other: TensorLike): this { div_(this, other); return this; }
  copy_(src: TensorLike): this { copy_(this, src); return this; }
  fill_(value: number | boolean): this { fill_(this, value); return this; }
  zero_(): this { zero_(this); return this; }
  clamp_(min?: number | null, max?: number | null): this { clamp_(this, min, max); return this; }
  relu_(): this { relu_(this); return this; }

  // ---- reductions ----------------------------------------------------------------------------------
  sum(dim?: number | readonly number[] | null, options?: ReduceOptions): Tensor { return sum(this, dim, options); }
  mean(dim?: number | readonly number[] | null, options?: ReduceOptions): Tensor { return mean(this, dim, options); }
  var(dim?: number | readonly number[] | null, options?: VarOptions): Tensor { return variance(this, dim, options); }
  std(dim?: number | readonly number[] | null, options?: VarOptions): Tensor { return std(this, dim, options); }
  prod(dim?: number | readonly number[] | null, options?: ReduceOptions): Tensor { return prod(this, dim, options); }
  amax(dim?: number | readonly number[] | null, options?: ReduceOptions): Tensor { return amax(this, dim, options); }
  amin(dim?: number | readonly number[] | null, options?: ReduceOptions): Tensor { return amin(this, dim, options); }
  logsumexp(dim: number | readonly number[], options?: ReduceOptions): Tensor { return logsumexp(this, dim, options); }
  all(dim?: number | readonly number[] | null, options?: ReduceOptions): Tensor { return all(this, dim, options); }
  any(dim?: number | readonly number[] | null, options?: ReduceOptions): Tensor { return any(this, dim, options); }
  argmax(dim?: number | null, options?: ReduceOptions): Tensor { return argmax(this, dim, options); }
  argmin(dim?: number | null, options?: ReduceOptions): Tensor { return argmin(this, dim, options); }
  /** `max()`: the largest value; `max(dim)`: `{ values, indices }` along `dim`. */
  max(): Tensor;
  max(dim: number, options?: ReduceOptions): MinMaxResult;
  max(dim?: number, options?: ReduceOptions): Tensor | MinMaxResult { return dim === undefined ? max(this) : max(this, dim, options); }
  /** `min()`: the smallest value; `min(dim)`: `{ values, indices }` along `dim`. */
  min(): Tensor;
  min(dim: number, options?: ReduceOptions): MinMaxResult;
  min(dim?: number, options?: ReduceOptions): Tensor | MinMaxResult { return dim === undefined ? min(this) : min(this, dim, options); }
  softmax(dim: number): Tensor { return softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim); }

  // ---- linear algebra ------------------------------------------------------------------------------
  matmul(other: Tensor): Tensor { return matmul(this, other); }

  // ---- views and copies ----------------------------------------------------------------------------
  view(...shape: number[] | [readonly number[]]): Tensor { return view(this, flatArgs(shape)); }
  reshape(...shape: number[] | [readonly number[]]): Tensor { return reshape(this, flatArgs(shape)); }
  permute(...dims: number[] | [readonly number[]]): Tensor { return permute(this, flatArgs(dims)); }
  transpose(dim0: number, dim1: number): Tensor { return transpose(this, dim0, dim1); }
  t(): Tensor { return t(this); }
  get T(): Tensor { return permute(this, this.shape.map((_, i) => this.ndim - 1 - i)); }
  expand(...shape: number[] | [readonly number[]]): Tensor { return expand(this, flatArgs(shape)); }
  expandAs(other: Tensor): Tensor { return expandAs(this, other); }
  select(dim: number, index: number): Tensor { return select(this, dim, index); }
  narrow(dim: number, start: number, length: number): Tensor { return narrow(this, dim, start, length); }
  slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor { return slice(this, dim, start, end, step); }
  unsqueeze(dim: number): Tensor { return unsqueeze(this, dim); }
  squeeze(dim?: number | readonly number[]): Tensor { return squeeze(this, dim); }
  flatten(startDim?: number, endDim?: number): Tensor { return flatten(this, startDim, endDim); }
  unflatten(dim: number, sizes: readonly number[]): Tensor { return unflatten(this, dim, sizes); }
  movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor { return movedim(this, source, destination); }
  split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[] { return split(this, splitSizeOrSections, dim); }
  chunk(chunks: number, dim?: number): Tensor[] { return chunk(this, chunks, dim); }
  flip(dims: number | readonly number[]): Tensor { return flip(this, dims); }
  gather(dim: number, index: Tensor): Tensor { return gather(this, dim, index); }
  indexSelect(dim: number, index: Tensor): Tensor { return indexSelect(this, dim, index); }
  contiguous(): Tensor { return contiguous(this); }
  clone(): Tensor { return clone(this); }
  detach(): Tensor { return detach(this); }
  isContiguous(): boolean { return isContiguous(this); }
}

/** Throws unless the view (`shape`, `strides`, `offset`) of `storage` reaches only elements inside it. */
function checkInStorage(storage: Storage, shape: Shape, strides: readonly number[], offset: number): void {
  const layout = [...shape, ...strides, offset];
  if (strides.length !== shape.length || !layout.every(Number.isInteger)) {
    throw new ValueError(
      `fromStorage(): expected integer sizes, ${shape.length} integer strides and an integer offset, but got shape ` +
        `[${shape.join(', ')}], strides [${strides.join(', ')}], offset ${offset}`,
    );
  }
  if (numelOf(shape) === 0) return;
  let [lo, hi] = [offset, offset];
  shape.forEach((size, d) => {
    const reach = (size - 1) * strides[d]!;
    if (reach < 0) lo += reach;
    else hi += reach;
  });
  if (lo < 0 || hi >= storage.length) {
    throw new RuntimeError(
      `fromStorage(): a view of shape [${shape.join(', ')}], strides [${strides.join(', ')}] and offset ${offset} ` +
        `reaches elements ${lo}..${hi}, out of bounds for a storage of ${storage.length} elements`,
    );
  }
}

function flatArgs(args: number[] | [readonly number[]]): number[] {
  const first = args[0];
  return typeof first === 'object' ? [...first] : (args as number[]);
}
