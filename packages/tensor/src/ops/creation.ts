// Creation functions: tensors from data, constants and ranges. Those without a tensor input are literals no
// transform sees (as JAX's); the `*Like` ones bind `fullLike`, so a transform shapes their result.
import { allocate, type DType, dtypeOfArray, isDType, type TypedArray } from '../dtype.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { checkShape, formatShape, numelOf, type Shape } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';

export interface DTypeOptions {
  dtype?: DType;
}

/** Nested arrays of numbers/booleans, a flat array, a typed array or one number. */
export type TensorData = number | boolean | TypedArray | readonly TensorData[];

/** A contiguous tensor over `data` (taken, not copied). */
export function fromTypedArray(data: TypedArray, shape: Shape): Tensor {
  return Tensor.fromStorage(new Storage(data), shape);
}

/** A fresh contiguous tensor of `aval`'s shape and dtype, zero-filled (as new typed arrays are): every op's output. */
export function empty({ shape, dtype }: Aval): Tensor {
  return fromTypedArray(allocate(dtype, numelOf(shape)), shape);
}

/** A tensor over `x`'s storage seen through another shape, strides and offset: every view's output. */
export function viewOf(x: Tensor, shape: Shape, strides: readonly number[], offset: number): Tensor {
  return Tensor.fromStorage(x.storage, shape, strides, offset);
}

/** Writes a JS number into a typed array of `dtype`: bool is 0/1, int32 truncates towards zero. */
function convert(value: number | boolean, dtype: DType): number {
  const v = Number(value);
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  return v;
}

function checkDType(op: string, dtype: unknown): void {
  if (!isDType(dtype)) {
    throw new DTypeError(
      `${op}(): expected dtype to be 'float32', 'int32' or 'bool', but got ${String(dtype)}`,
    );
  }
}

function inferNested(data: TensorData, shape: number[], flat: (number | boolean)[], depth: number): void {
  if (typeof data === 'number' || typeof data === 'boolean') {
    if (depth !== shape.length)
      throw new ShapeError('tensor(): nested arrays are ragged: a number where a list was expected');
    flat.push(data);
    return;
  }
  if (ArrayBuffer.isView(data)) {
    for (const v of data as TypedArray) inferNested(v, shape, flat, depth);
    return;
  }
  if (!Array.isArray(data))
    throw new ValueError(`tensor(): expected numbers, booleans or arrays, but got ${typeof data}`);
  if (depth === shape.length) {
    if (flat.length > 0)
      throw new ShapeError('tensor(): nested arrays are ragged: a list where a number was expected');
    shape.push(data.length);
  } else if (shape[depth] !== data.length) {
    throw new ShapeError(
      `tensor(): nested arrays are ragged: expected a list of length ${shape[depth]} at depth ${depth}, got ${data.length}`,
    );
  }
  for (const d of data) inferNested(d, shape, flat, depth + 1);
}

/**
 * A tensor from nested arrays, a flat array with `shape`, a typed array (copied) or a number. The dtype
 * defaults to the typed array's, `bool` for booleans, and `float32` for JS numbers (JS cannot tell 1 from 1.0;
 * pass `{ dtype: 'int32' }` for integers).
 */
export function tensor(data: TensorData, shape?: Shape, options: DTypeOptions = {}): Tensor {
  let flat: ArrayLike<number | boolean>;
  let inferred: number[];
  let dtype = options.dtype;
  if (ArrayBuffer.isView(data)) {
    flat = data as TypedArray;
    inferred = [flat.length];
    dtype ??= dtypeOfArray(data as TypedArray);
  } else {
    const out: (number | boolean)[] = [];
    inferred = [];
    inferNested(data, inferred, out, 0);
    flat = out;
    dtype ??= out.length > 0 && out.every((v) => typeof v === 'boolean') ? 'bool' : 'float32';
  }
  checkDType('tensor', dtype);
  const finalShape = shape ?? inferred;
  checkShape('tensor', finalShape);
  if (numelOf(finalShape) !== flat.length) {
    throw new ShapeError(
      `tensor(): shape ${formatShape(finalShape)} needs ${numelOf(finalShape)} values, but got ${flat.length}`,
    );
  }
  const buf = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) buf[i] = convert(flat[i]!, dtype);
  return fromTypedArray(buf, finalShape);
}

/** A 0-d tensor holding `value`. */
export function scalar(
  value: number | boolean,
  dtype: DType = typeof value === 'boolean' ? 'bool' : 'float32',
): Tensor {
  const buf = allocate(dtype, 1);
  buf[0] = convert(value, dtype);
  return fromTypedArray(buf, []);
}

/** A tensor of `shape` filled with `value` (dtype bool for booleans, float32 otherwise). */
export function full(shape: Shape, value: number | boolean, options: DTypeOptions = {}): Tensor {
  const dtype = options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  checkDType('full', dtype);
  checkShape('full', shape);
  const buf = allocate(dtype, numelOf(shape));
  const v = convert(value, dtype);
  // a new typed array is already +0 everywhere: not writing it leaves a large one's pages untouched until used
  if (!Object.is(v, 0)) buf.fill(v);
  return fromTypedArray(buf, shape);
}

export function zeros(shape: Shape, options: DTypeOptions = {}): Tensor {
  return full(shape, 0, { dtype: options.dtype ?? 'float32' });
}

export function ones(shape: Shape, options: DTypeOptions = {}): Tensor {
  return full(shape, 1, { dtype: options.dtype ?? 'float32' });
}

export interface FullLikeParams {
  value: number | boolean;
  dtype: DType;
}

/**
 * The creation primitives. `fullLike` is a constant shaped like its input: a primitive, unlike `full`, because it
 * has a tensor input: under vmap `zerosLike(batched)` is batched, as functorch's `zeros_like`, so values can be
 * written into it in place.
 */
export const creationPrimitives = /* @__PURE__ */ defineFamily('creation', {
  fullLike: {
    kind: 'perElement',
    shapeRule: ([x], { dtype }) => {
      checkDType('fullLike', dtype);
      return [{ shape: x!.shape, dtype }];
    },
    impl: (_, { value, dtype }, [out]) => [full(out!.shape, value, { dtype })],
  } satisfies PrimitiveSpec<FullLikeParams, 'perElement'>,
});

/** A tensor shaped like `t` filled with `value` (dtype `t`'s unless given). */
export function fullLike(t: Tensor, value: number | boolean, { dtype = t.dtype }: DTypeOptions = {}): Tensor {
  return bind1(creationPrimitives.fullLike, [t], { value, dtype });
}

export function zerosLike(t: Tensor, options: DTypeOptions = {}): Tensor {
  return fullLike(t, 0, options);
}

export function onesLike(t: Tensor, options: DTypeOptions = {}): Tensor {
  return fullLike(t, 1, options);
}

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(n)` counts 0..n-1. The dtype is int32
 * when every argument is an integer (PyTorch's int64 rule), float32 otherwise.
 */
export function arange(start: number, end?: number, step = 1, options: DTypeOptions = {}): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  if (step === 0) throw new ValueError('arange(): step must be nonzero');
  if (![start, end, step].every(Number.isFinite)) {
    throw new ValueError(`arange(): expected finite start, end and step, but got ${start}, ${end}, ${step}`);
  }
  if ((end - start) / step < 0) {
    throw new ValueError(
      `arange(): upper bound and larger bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`,
    );
  }
  const dtype = options.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
  checkDType('arange', dtype);
  const n = Math.ceil((end - start) / step);
  const buf = allocate(dtype, n);
  for (let i = 0; i < n; i++) buf[i] = convert(start + i * step, dtype);
  return fromTypedArray(buf, [n]);
}

/** `steps` evenly spaced values from `start` to `end`, both included (PyTorch's symmetric formula). */
export function linspace(start: number, end: number, steps: number, options: DTypeOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0)
    throw new ValueError(`linspace(): number of steps must be non-negative, but got ${steps}`);
  const dtype = options.dtype ?? 'float32';
  checkDType('linspace', dtype);
  const buf = allocate(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    buf[i] = convert(i < half || steps === 1 ? start + step * i : end - step * (steps - 1 - i), dtype);
  }
  return fromTypedArray(buf, [steps]);
}

/** The `n` x `m` identity (ones on the diagonal). */
export function eye(n: number, m: number = n, options: DTypeOptions = {}): Tensor {
  checkShape('eye', [n, m]);
  const t = zeros([n, m], options);
  const data = t.storage.data;
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return t;
}
