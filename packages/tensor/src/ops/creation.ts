// Creation functions: tensors from data, constants and ranges. Those without a tensor input are literals no
// transform sees (as JAX's); the `*Like` ones bind `fullLike`, so a transform shapes their result.
import { allocate, convertedDType, type DType, isDType, isStorageArray, type TypedArray } from '../dtype.js';
import { ArgumentTypeError, DTypeError, describeValue, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { checkShape, formatShape, numelOf, type Shape } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import {
  expectIntegers,
  expectNumber,
  expectOptions,
  expectScalar,
  expectSize,
  type SizeArg,
} from '../validate.js';

export interface DTypeOptions {
  dtype?: DType;
}

/**
 * Nested arrays of numbers/booleans, a flat array, a typed array or one number. Typed arrays other than @bn's
 * storage arrays convert: Float64Array to float32, the other integer arrays to int32.
 */
export type TensorData = number | boolean | ArrayBufferView | readonly TensorData[];

/**
 * A contiguous tensor over `data` of `shape`, taken, not copied: a Float32Array (float32), an Int32Array (int32) or a
 * Uint8Array (bool). Writes to `data` outside `@bn` show in the tensor; see `Storage.external`.
 */
export function fromTypedArray(data: TypedArray, shape: Shape): Tensor {
  if (!isStorageArray(data)) {
    throw new DTypeError(
      `fromTypedArray(): expected a Float32Array, an Int32Array or a Uint8Array (bool), but got ${describeArray(data)}; ` +
        'tensor(data) converts other typed arrays',
    );
  }
  expectIntegers('fromTypedArray', 'shape', shape);
  checkShape('fromTypedArray', shape);
  if (numelOf(shape) !== data.length) {
    throw new ShapeError(
      `fromTypedArray(): shape ${formatShape(shape)} needs ${numelOf(shape)} values, but the array has ${data.length}`,
    );
  }
  return Tensor.fromStorage(new Storage(data, true), shape);
}

/** A fresh contiguous tensor of `aval`'s shape and dtype, zero-filled (as new typed arrays are): every op's output. */
export function empty({ shape, dtype }: Aval): Tensor {
  return owned(allocate(dtype, numelOf(shape)), shape);
}

/** A contiguous tensor over an array @bn allocated itself. */
function owned(data: TypedArray, shape: Shape): Tensor {
  return Tensor.fromStorage(new Storage(data), shape);
}

/** How a wrong array is named in a message: `a Float64Array`. */
function describeArray(data: unknown): string {
  const name = (data as object | null)?.constructor?.name ?? typeof data;
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** A tensor over `x`'s storage seen through another shape, strides and offset: every view's output. */
export function viewOf(x: Tensor, shape: Shape, strides: readonly number[], offset: number): Tensor {
  return Tensor.fromStorage(x.storage, shape, strides, offset);
}

/**
 * A JS number as it is stored in a typed array of `dtype`: bool is 0/1, int32 truncates towards zero and must fit
 * (PyTorch's overflow error where a typed array would wrap silently).
 */
function convert(op: string, value: number | boolean, dtype: DType): number {
  const v = Number(value);
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int32' && !Number.isNaN(v) && !(Math.trunc(v) >= -(2 ** 31) && Math.trunc(v) < 2 ** 31)) {
    throw new ValueError(`${op}(): value cannot be converted to type int32 without overflow (got ${v})`);
  }
  return v;
}

function checkDType(op: string, dtype: unknown): void {
  if (!isDType(dtype)) {
    throw new DTypeError(
      `${op}(): expected dtype to be 'float32', 'int32' or 'bool', but got ${String(dtype)}`,
    );
  }
}

/**
 * The numbers and the options of a creation function whose trailing numbers are optional, so that the options may
 * take the place of the first one left out (`arange(5, { dtype })`, `eye(3, { dtype })`, as PyTorch's keywords):
 * the last argument given, when it is an object and not an array, is the options. The numbers are checked by their
 * `names`, the first `required` of them present.
 */
function numbersAndOptions(
  op: string,
  args: readonly unknown[],
  names: readonly string[],
  required: number,
): [(number | undefined)[], DTypeOptions] {
  let given = args.length;
  while (given > 0 && args[given - 1] === undefined) given--;
  const last = args[given - 1];
  const isOptions = typeof last === 'object' && last !== null && !Array.isArray(last);
  const at = isOptions ? given - 1 : names.length;
  const numbers = names.map((_, i) => (i < at ? args[i] : undefined));
  numbers.forEach((v, i) => {
    if (v !== undefined || i < required) expectNumber(op, names[i]!, v);
  });
  const options = args[at] ?? {};
  expectOptions(op, 'options', options);
  return [numbers as (number | undefined)[], options as DTypeOptions];
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
  if (typeof data === 'bigint') {
    throw new DTypeError(
      'tensor(): BigInt values are not supported (@bn has no int64): convert them to numbers',
    );
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
 * defaults to the typed array's (float32 for a Float64Array, int32 for other integer arrays), `bool` for booleans,
 * and `float32` for JS numbers (JS cannot tell 1 from 1.0; pass `{ dtype: 'int32' }` for integers). The options
 * may come second when there is no shape: `tensor([1, 2], { dtype: 'int32' })`.
 */
export function tensor(data: TensorData, shape?: Shape, options?: DTypeOptions): Tensor;
export function tensor(data: TensorData, options?: DTypeOptions): Tensor;
export function tensor(
  data: TensorData,
  shapeOrOptions?: Shape | DTypeOptions,
  maybeOptions: DTypeOptions = {},
): Tensor {
  if (shapeOrOptions !== undefined && typeof shapeOrOptions !== 'object') {
    throw new ArgumentTypeError(
      "tensor(): the second argument must be a shape (an array of integers) or the options ({ dtype: 'int32' }), " +
        `but got ${describeValue(shapeOrOptions)}`,
    );
  }
  const optionsFirst = !Array.isArray(shapeOrOptions) && shapeOrOptions !== undefined;
  const options = optionsFirst ? (shapeOrOptions as DTypeOptions) : maybeOptions;
  const shape = optionsFirst ? undefined : (shapeOrOptions as Shape | undefined);
  expectOptions('tensor', 'options', options);
  let flat: ArrayLike<number | boolean>;
  let inferred: number[];
  let dtype = options.dtype;
  if (ArrayBuffer.isView(data)) {
    const natural = convertedDType(data);
    if (natural === null) {
      throw new DTypeError(
        `tensor(): ${describeArray(data)} is not supported (@bn has no int64): convert it to an Int32Array or a ` +
          'Float64Array',
      );
    }
    flat = data as unknown as ArrayLike<number>;
    inferred = [flat.length];
    dtype ??= natural;
  } else {
    const out: (number | boolean)[] = [];
    inferred = [];
    inferNested(data, inferred, out, 0);
    flat = out;
    dtype ??= out.length > 0 && out.every((v) => typeof v === 'boolean') ? 'bool' : 'float32';
  }
  checkDType('tensor', dtype);
  const finalShape = shape ?? inferred;
  expectIntegers('tensor', 'shape', finalShape);
  checkShape('tensor', finalShape);
  if (numelOf(finalShape) !== flat.length) {
    throw new ShapeError(
      `tensor(): shape ${formatShape(finalShape)} needs ${numelOf(finalShape)} values, but got ${flat.length}`,
    );
  }
  const buf = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) buf[i] = convert('tensor', flat[i]!, dtype);
  return owned(buf, finalShape);
}

/** A 0-d tensor holding `value`, of `dtype` (or `{ dtype }`; bool for a boolean, float32 otherwise). */
export function scalar(value: number | boolean, dtypeOrOptions: DType | DTypeOptions = {}): Tensor {
  let dtype: DType | undefined;
  if (typeof dtypeOrOptions === 'string') dtype = dtypeOrOptions;
  else {
    expectOptions('scalar', 'options', dtypeOrOptions);
    dtype = dtypeOrOptions.dtype;
  }
  dtype ??= typeof value === 'boolean' ? 'bool' : 'float32';
  checkDType('scalar', dtype);
  const buf = allocate(dtype, 1);
  buf[0] = convert('scalar', value, dtype);
  return owned(buf, []);
}

/** A tensor of `shape` filled with `value` (dtype bool for booleans, float32 otherwise). */
export function full(shape: Shape, value: number | boolean, options: DTypeOptions = {}): Tensor {
  return filled('full', shape, value, options);
}

/** A tensor of `size` filled with `value`, for `op`; validates every argument before allocating. */
function filled(op: string, size: SizeArg, value: number | boolean, options: DTypeOptions): Tensor {
  expectScalar(op, 'fill_value', value);
  expectOptions(op, 'options', options);
  const dtype = options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  checkDType(op, dtype);
  const shape = expectSize(op, size);
  const v = convert(op, value, dtype);
  const buf = allocate(dtype, numelOf(shape));
  // a new typed array is already +0 everywhere: not writing it leaves a large one's pages untouched until used
  if (!Object.is(v, 0)) buf.fill(v);
  return owned(buf, shape);
}

/** Zeros of `size` (an array, or one number for a 1-d tensor). */
export function zeros(size: SizeArg, options: DTypeOptions = {}): Tensor {
  return filled('zeros', size, 0, { dtype: 'float32', ...options });
}

/** Ones of `size` (an array, or one number for a 1-d tensor). */
export function ones(size: SizeArg, options: DTypeOptions = {}): Tensor {
  return filled('ones', size, 1, { dtype: 'float32', ...options });
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
export function fullLike(t: Tensor, value: number | boolean, options: DTypeOptions = {}): Tensor {
  return filledLike('fullLike', t, value, options);
}

export function zerosLike(t: Tensor, options: DTypeOptions = {}): Tensor {
  return filledLike('zerosLike', t, 0, options);
}

export function onesLike(t: Tensor, options: DTypeOptions = {}): Tensor {
  return filledLike('onesLike', t, 1, options);
}

function filledLike(op: string, t: Tensor, value: number | boolean, options: DTypeOptions): Tensor {
  expectOptions(op, 'options', options);
  return bind1(creationPrimitives.fullLike, [t], { value, dtype: options.dtype ?? t.dtype });
}

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`; `arange(n)` counts 0..n-1. The dtype is int32
 * when every argument is an integer (PyTorch's int64 rule), float32 otherwise. The options may follow any of the
 * numbers: `arange(5, { dtype: 'float32' })`.
 */
export function arange(end: number, options?: DTypeOptions): Tensor;
export function arange(start: number, end: number | undefined, options?: DTypeOptions): Tensor;
export function arange(
  start: number,
  end: number | undefined,
  step: number | undefined,
  options?: DTypeOptions,
): Tensor;
export function arange(...args: unknown[]): Tensor {
  // one number is the end, as in Python's range
  const [[first, second, step = 1], options] = numbersAndOptions('arange', args, ['start', 'end', 'step'], 1);
  const [start, end] = second === undefined ? [0, first as number] : [first as number, second];
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
  for (let i = 0; i < n; i++) buf[i] = convert('arange', start + i * step, dtype);
  return owned(buf, [n]);
}

/** `steps` evenly spaced values from `start` to `end`, both included (PyTorch's symmetric formula). */
export function linspace(start: number, end: number, steps: number, options: DTypeOptions = {}): Tensor {
  expectNumber('linspace', 'start', start);
  expectNumber('linspace', 'end', end);
  expectNumber('linspace', 'steps', steps);
  expectOptions('linspace', 'options', options);
  if (!Number.isInteger(steps) || steps < 0)
    throw new ValueError(`linspace(): number of steps must be non-negative, but got ${steps}`);
  const dtype = options.dtype ?? 'float32';
  checkDType('linspace', dtype);
  const buf = allocate(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    buf[i] = convert(
      'linspace',
      i < half || steps === 1 ? start + step * i : end - step * (steps - 1 - i),
      dtype,
    );
  }
  return owned(buf, [steps]);
}

/** The `n` x `m` identity (ones on the diagonal); the options may come second: `eye(3, { dtype: 'int32' })`. */
export function eye(n: number, options?: DTypeOptions): Tensor;
export function eye(n: number, m: number | undefined, options?: DTypeOptions): Tensor;
export function eye(...args: unknown[]): Tensor {
  const [[rows, columns], options] = numbersAndOptions('eye', args, ['n', 'm'], 1);
  const n = rows as number;
  const m = columns ?? n;
  checkShape('eye', [n, m]);
  const t = zeros([n, m], options);
  const data = t.storage.data;
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return t;
}
