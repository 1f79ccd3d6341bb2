// Elementwise ops with NumPy/PyTorch broadcasting and PyTorch's type promotion (wrapped numbers included):
// arithmetic, comparisons, `where`, activations, `clamp` and the dtype cast `to`. Mirrors ATen's
// BinaryOps.cpp / UnaryOps.cpp / TensorCompare.cpp; one primitive per op.

import { binaryRow, unaryRow } from '../backend.js';
import { allocate, type DType, expectDType, isDType, promoteTypes, scalarDType } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import {
  map1,
  map2,
  type StridedArray,
  type UnaryRow,
  where as whereKernel,
} from '../kernels/elementwise.js';
import type { BinaryKernel } from '../kernels/elementwise-binary.js';
import { clampRow, UNARY_ROWS, type UnaryKernel } from '../kernels/elementwise-unary.js';
import { definePrimitive, type Primitive } from '../primitive.js';
import { broadcastShapes, broadcastStrides, numelOf, type Shape } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { fromTypedArray, scalar } from './creation.js';

type NoParams = Record<string, never>;
const FAMILY = 'elementwise';

// ---- operands -----------------------------------------------------------------------------------------

/** The dtype of a number with no tensor beside it: bool, int32 for integers, float32 otherwise. */
function numberDType(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int32' : 'float32';
}

/**
 * Turns the numbers among `values` into 0-d tensors whose dtype follows PyTorch's wrapped-number rule against
 * the tensors among them (a number never raises a tensor's dtype within its category), so that plain
 * `promoteTypes` of the results is PyTorch's result type.
 */
export function wrapScalars(values: readonly TensorLike[]): Tensor[] {
  let tensorDType: DType | null = null;
  for (const v of values) {
    if (typeof v === 'object')
      tensorDType = tensorDType === null ? v.dtype : promoteTypes(tensorDType, v.dtype);
  }
  return values.map((v) => {
    if (typeof v === 'object') return v;
    // a boolean stays bool: it never raises a tensor's dtype, and `sub` must still see it is one
    if (typeof v === 'boolean') return scalar(v, 'bool');
    return scalar(v, tensorDType === null ? numberDType(v) : scalarDType(v, tensorDType));
  });
}

/** The row kernel that converts `from` into `to` as PyTorch's casts do. */
export function conversionKernel(from: DType, to: DType): UnaryKernel {
  if (to === 'int32' && from === 'float32') return 'toInt';
  if (to === 'bool' && from !== 'bool') return 'toBool';
  return 'assign';
}

/** A fresh contiguous tensor of `shape` and `dtype`. */
function empty(shape: Shape, dtype: DType): Tensor {
  return fromTypedArray(allocate(dtype, numelOf(shape)), shape);
}

/** A concrete tensor as the kernels see it. */
export function stridedOf(t: Tensor): StridedArray {
  return { data: t.storage.data, offset: t.offset, strides: t.strides };
}

/** A contiguous copy of `t` converted to `dtype`. */
function copyAs(t: Tensor, dtype: DType): Tensor {
  const out = empty(t.shape, dtype);
  map1(UNARY_ROWS[conversionKernel(t.dtype, dtype)], t.shape, stridedOf(out), stridedOf(t));
  return out;
}

/**
 * `t` read as an operand of a kernel that computes in `dtype` over the broadcast `shape`. int32 values are
 * converted to float32 first (as PyTorch casts its inputs: large integers round); bool's 0/1 are read as they
 * are. `fresh` copies the values first, for in-place ops whose target shares `t`'s storage.
 */
export function operand(t: Tensor, shape: Shape, dtype: DType, fresh = false): StridedArray {
  const source = fresh || (dtype === 'float32' && t.dtype === 'int32') ? copyAs(t, dtype) : t;
  return { ...stridedOf(source), strides: broadcastStrides(source.shape, source.strides, shape) };
}

// ---- binary ops ---------------------------------------------------------------------------------------

export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'minimum'
  | 'maximum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'logicalAnd'
  | 'logicalOr'
  | 'logicalXor';

/** Ops whose result is bool whatever they compute in. */
const PREDICATES: ReadonlySet<BinaryOp> = new Set([
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'logicalAnd',
  'logicalOr',
  'logicalXor',
]);

/**
 * The dtype a binary op computes in: the promoted type (float32 for true division), with PyTorch's errors.
 * `name` is the op named in messages (`sub_` for the in-place form).
 */
export function binaryComputeDType(op: BinaryOp, a: DType, b: DType, name: string = op): DType {
  if (op === 'sub' && (a === 'bool' || b === 'bool')) {
    throw new DTypeError(
      a === 'bool' && b === 'bool'
        ? `${name}(): Subtraction, the \`-\` operator, with two bool tensors is not supported. Use ne() (logical xor) instead.`
        : `${name}(): Subtraction, the \`-\` operator, with a bool tensor is not supported. If you are trying to ` +
            'invert a mask, use logicalNot() instead.',
    );
  }
  const dtype = op === 'div' ? 'float32' : promoteTypes(a, b);
  if (op === 'pow' && dtype === 'bool') {
    throw new DTypeError(
      `${name}(): expected a float32 or int32 operand, but both are bool ("pow" is not implemented for bool)`,
    );
  }
  return dtype;
}

/** The dtype a binary op returns when it computes in `compute`. */
function binaryOutDType(op: BinaryOp, compute: DType): DType {
  return PREDICATES.has(op) ? 'bool' : compute;
}

/** The row kernel of `op` computing in `dtype` (bool addition is `or`, int32 products wrap). */
export function binaryKernel(op: BinaryOp, dtype: DType): BinaryKernel {
  if (op === 'add' && dtype === 'bool') return 'or';
  if (op === 'mul' && dtype === 'int32') return 'imul';
  if (op === 'pow' && dtype === 'int32') return 'intPow';
  return op;
}

function defineBinary(op: BinaryOp): Primitive<NoParams> {
  return definePrimitive<NoParams>({
    name: op,
    family: FAMILY,
    shapeRule: ([a, b]) => [
      {
        shape: broadcastShapes(op, a!.shape, b!.shape),
        dtype: binaryOutDType(op, binaryComputeDType(op, a!.dtype, b!.dtype)),
      },
    ],
    impl: ([a, b]) => {
      const shape = broadcastShapes(op, a!.shape, b!.shape);
      const dtype = binaryComputeDType(op, a!.dtype, b!.dtype);
      const out = empty(shape, binaryOutDType(op, dtype));
      const row = binaryRow(binaryKernel(op, dtype));
      map2(row, shape, stridedOf(out), operand(a!, shape, dtype), operand(b!, shape, dtype));
      return [out];
    },
  });
}

const addPrimitive = defineBinary('add');
const subPrimitive = defineBinary('sub');
const mulPrimitive = defineBinary('mul');
const divPrimitive = defineBinary('div');
const powPrimitive = defineBinary('pow');
const minimumPrimitive = defineBinary('minimum');
const maximumPrimitive = defineBinary('maximum');
const eqPrimitive = defineBinary('eq');
const nePrimitive = defineBinary('ne');
const ltPrimitive = defineBinary('lt');
const lePrimitive = defineBinary('le');
const gtPrimitive = defineBinary('gt');
const gePrimitive = defineBinary('ge');
const logicalAndPrimitive = defineBinary('logicalAnd');
const logicalOrPrimitive = defineBinary('logicalOr');
const logicalXorPrimitive = defineBinary('logicalXor');

function binary(prim: Primitive<NoParams>, a: TensorLike, b: TensorLike): Tensor {
  return bind1(prim, wrapScalars([a, b]), {});
}

export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary(addPrimitive, a, b);
}

export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary(subPrimitive, a, b);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary(mulPrimitive, a, b);
}

/** True division: always float32, integers included (PyTorch's `div` without rounding mode). */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary(divPrimitive, a, b);
}

/** `a ** b`. Integer tensors to a negative integer number throw, as in PyTorch. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = wrapScalars([a, b]);
  if (
    typeof b === 'number' &&
    Number.isInteger(b) &&
    b < 0 &&
    promoteTypes(x!.dtype, y!.dtype) !== 'float32'
  ) {
    throw new ValueError(`pow(): Integers to negative integer powers are not allowed (exponent ${b})`);
  }
  return bind1(powPrimitive, [x!, y!], {});
}

/** Elementwise minimum; nan wins. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary(minimumPrimitive, a, b);
}

/** Elementwise maximum; nan wins. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary(maximumPrimitive, a, b);
}

export function eq(a: TensorLike, b: TensorLike): Tensor {
  return binary(eqPrimitive, a, b);
}

export function ne(a: TensorLike, b: TensorLike): Tensor {
  return binary(nePrimitive, a, b);
}

export function lt(a: TensorLike, b: TensorLike): Tensor {
  return binary(ltPrimitive, a, b);
}

export function le(a: TensorLike, b: TensorLike): Tensor {
  return binary(lePrimitive, a, b);
}

export function gt(a: TensorLike, b: TensorLike): Tensor {
  return binary(gtPrimitive, a, b);
}

export function ge(a: TensorLike, b: TensorLike): Tensor {
  return binary(gePrimitive, a, b);
}

/** Elementwise `a && b` on truth values (nonzero, nan included, is true); bool out. */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return binary(logicalAndPrimitive, a, b);
}

/** Elementwise `a || b` on truth values; bool out. */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return binary(logicalOrPrimitive, a, b);
}

/** Elementwise exclusive or of truth values; bool out. */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return binary(logicalXorPrimitive, a, b);
}

// ---- where --------------------------------------------------------------------------------------------

const wherePrimitive = definePrimitive<NoParams>({
  name: 'where',
  family: FAMILY,
  shapeRule: ([cond, a, b]) => {
    if (cond!.dtype !== 'bool') {
      throw new DTypeError(
        `where(): expected condition to be a boolean tensor, but got a tensor with dtype ${cond!.dtype}`,
      );
    }
    return [
      {
        shape: broadcastShapes('where', cond!.shape, a!.shape, b!.shape),
        dtype: promoteTypes(a!.dtype, b!.dtype),
      },
    ];
  },
  impl: ([cond, a, b]) => {
    const shape = broadcastShapes('where', cond!.shape, a!.shape, b!.shape);
    const dtype = promoteTypes(a!.dtype, b!.dtype);
    const out = empty(shape, dtype);
    whereKernel(
      shape,
      stridedOf(out),
      operand(cond!, shape, 'bool'),
      operand(a!, shape, dtype),
      operand(b!, shape, dtype),
    );
    return [out];
  },
});

/** `a` where `condition` holds, `b` elsewhere, all three broadcast together. */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const [cond] = wrapScalars([condition]);
  return bind1(wherePrimitive, [cond!, ...wrapScalars([a, b])], {});
}

// ---- unary ops ----------------------------------------------------------------------------------------

type UnaryOp =
  | 'logicalNot'
  | 'neg'
  | 'abs'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'rsqrt'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'silu'
  | 'sign';

interface UnarySpec {
  /** 'float': float32 out (integers converted, as PyTorch's float ops); 'same': the input's; 'bool': bool. */
  out: 'float' | 'same' | 'bool';
  /** The input dtypes PyTorch implements the op for (all when omitted). */
  accepts?: readonly DType[];
}

const UNARY: Record<UnaryOp, UnarySpec> = {
  logicalNot: { out: 'bool' },
  neg: { out: 'same', accepts: ['float32', 'int32'] },
  abs: { out: 'same', accepts: ['float32', 'int32'] },
  relu: { out: 'same', accepts: ['float32', 'int32'] },
  sign: { out: 'same' },
  exp: { out: 'float' },
  log: { out: 'float' },
  sqrt: { out: 'float' },
  rsqrt: { out: 'float' },
  sigmoid: { out: 'float' },
  tanh: { out: 'float' },
  silu: { out: 'float', accepts: ['float32'] },
};

function unaryOutDType(op: string, spec: UnarySpec, dtype: DType): DType {
  if (spec.accepts) expectDType(op, 'input', dtype, spec.accepts);
  return spec.out === 'float' ? 'float32' : spec.out === 'bool' ? 'bool' : dtype;
}

/** Runs a unary row kernel into a fresh tensor of `dtype`, converting int32 input first when `dtype` is float32. */
function runUnary(kernel: UnaryKernel, x: Tensor, dtype: DType): Tensor {
  const out = empty(x.shape, dtype);
  map1(unaryRow(kernel), x.shape, stridedOf(out), operand(x, x.shape, dtype === 'bool' ? x.dtype : dtype));
  return out;
}

function defineUnary(op: UnaryOp): Primitive<NoParams> {
  const spec = UNARY[op];
  return definePrimitive<NoParams>({
    name: op,
    family: FAMILY,
    shapeRule: ([x]) => [{ shape: x!.shape, dtype: unaryOutDType(op, spec, x!.dtype) }],
    impl: ([x]) => [runUnary(op, x!, unaryOutDType(op, spec, x!.dtype))],
  });
}

const logicalNotPrimitive = defineUnary('logicalNot');
const negPrimitive = defineUnary('neg');
const absPrimitive = defineUnary('abs');
const expPrimitive = defineUnary('exp');
const logPrimitive = defineUnary('log');
const sqrtPrimitive = defineUnary('sqrt');
const rsqrtPrimitive = defineUnary('rsqrt');
const sigmoidPrimitive = defineUnary('sigmoid');
const tanhPrimitive = defineUnary('tanh');
const reluPrimitive = defineUnary('relu');
const siluPrimitive = defineUnary('silu');
const signPrimitive = defineUnary('sign');

/** `!x` for any dtype: true where x is zero. */
export function logicalNot(x: Tensor): Tensor {
  return bind1(logicalNotPrimitive, [x], {});
}

export function neg(x: Tensor): Tensor {
  return bind1(negPrimitive, [x], {});
}

export function abs(x: Tensor): Tensor {
  return bind1(absPrimitive, [x], {});
}

export function exp(x: Tensor): Tensor {
  return bind1(expPrimitive, [x], {});
}

export function log(x: Tensor): Tensor {
  return bind1(logPrimitive, [x], {});
}

export function sqrt(x: Tensor): Tensor {
  return bind1(sqrtPrimitive, [x], {});
}

/** 1 / sqrt(x). */
export function rsqrt(x: Tensor): Tensor {
  return bind1(rsqrtPrimitive, [x], {});
}

export function sigmoid(x: Tensor): Tensor {
  return bind1(sigmoidPrimitive, [x], {});
}

export function tanh(x: Tensor): Tensor {
  return bind1(tanhPrimitive, [x], {});
}

/** max(x, 0); nan stays nan. */
export function relu(x: Tensor): Tensor {
  return bind1(reluPrimitive, [x], {});
}

/** x * sigmoid(x) (float32 only, as PyTorch). */
export function silu(x: Tensor): Tensor {
  return bind1(siluPrimitive, [x], {});
}

/** -1, 0 or 1 in the input's dtype (0 for nan). */
export function sign(x: Tensor): Tensor {
  return bind1(signPrimitive, [x], {});
}

/** 1 / x, float32 for every input dtype. */
export function reciprocal(x: Tensor): Tensor {
  return div(1, x);
}

/** x * x; bool squares to int32 as in PyTorch (`pow(x, 2)`). */
export function square(x: Tensor): Tensor {
  return pow(x, 2);
}

// ---- gelu ---------------------------------------------------------------------------------------------

export interface GeluOptions {
  /** 'none': the exact x * Phi(x); 'tanh': the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

interface GeluParams {
  approximate: 'none' | 'tanh';
}

const geluPrimitive = definePrimitive<GeluParams>({
  name: 'gelu',
  family: FAMILY,
  shapeRule: ([x], { approximate }) => {
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ValueError(
        `gelu(): approximate argument must be either 'none' or 'tanh', but got '${String(approximate)}'`,
      );
    }
    expectDType('gelu', 'input', x!.dtype, ['float32']);
    return [{ shape: x!.shape, dtype: 'float32' }];
  },
  impl: ([x], { approximate }) => [runUnary(approximate === 'tanh' ? 'geluTanh' : 'gelu', x!, 'float32')],
});

/** Gaussian error linear unit, exact or with the tanh approximation. */
export function gelu(x: Tensor, { approximate = 'none' }: GeluOptions = {}): Tensor {
  return bind1(geluPrimitive, [x], { approximate });
}

// ---- clamp --------------------------------------------------------------------------------------------

export interface ClampParams {
  min: number | null;
  max: number | null;
}

/** clamp's result dtype: the input promoted with its bounds as wrapped numbers; PyTorch's errors. */
export function clampDType(op: string, x: DType, { min, max }: ClampParams): DType {
  if (min === null && max === null) {
    throw new ValueError(`${op}(): at least one of 'min' or 'max' must not be null`);
  }
  let dtype = x;
  for (const bound of [min, max]) if (bound !== null) dtype = promoteTypes(dtype, scalarDType(bound, x));
  if (dtype === 'bool')
    throw new DTypeError(`${op}(): expected input to have dtype float32 or int32, but got bool`);
  return dtype;
}

/**
 * The clamp row kernel for `params`: an absent bound is infinite. As PyTorch 1.13, a nan bound alone is
 * ignored (clamp_min/clamp_max keep x), while a nan beside a second bound makes every element nan.
 */
export function clampKernel({ min, max }: ClampParams): UnaryRow {
  const both = min !== null && max !== null;
  const lo = min === null || (!both && Number.isNaN(min)) ? Number.NEGATIVE_INFINITY : min;
  const hi = max === null || (!both && Number.isNaN(max)) ? Number.POSITIVE_INFINITY : max;
  // clamp(x, min=0) is relu: its row kernel has no data-dependent branch
  return lo === 0 && hi === Number.POSITIVE_INFINITY ? unaryRow('relu') : clampRow(lo, hi);
}

const clampPrimitive = definePrimitive<ClampParams>({
  name: 'clamp',
  family: FAMILY,
  shapeRule: ([x], params) => [{ shape: x!.shape, dtype: clampDType('clamp', x!.dtype, params) }],
  impl: ([x], params) => {
    const dtype = clampDType('clamp', x!.dtype, params);
    const out = empty(x!.shape, dtype);
    map1(clampKernel(params), x!.shape, stridedOf(out), operand(x!, x!.shape, dtype));
    return [out];
  },
});

/** min(max(x, min), max); either bound may be omitted (not both). A float bound makes an int32 input float32. */
export function clamp(x: Tensor, min: number | null = null, max: number | null = null): Tensor {
  return bind1(clampPrimitive, [x], { min, max });
}

// ---- dtype conversion ---------------------------------------------------------------------------------

interface ToParams {
  dtype: DType;
}

const toPrimitive = definePrimitive<ToParams>({
  name: 'to',
  family: FAMILY,
  shapeRule: ([x], { dtype }) => {
    if (!isDType(dtype)) {
      throw new DTypeError(
        `to(): expected dtype to be 'float32', 'int32' or 'bool', but got ${String(dtype)}`,
      );
    }
    return [{ shape: x!.shape, dtype }];
  },
  impl: ([x], { dtype }) => [copyAs(x!, dtype)],
});

/** `x` converted to `dtype` (floats truncate towards zero into int32; nonzero is true), or `x` itself. */
export function to(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return bind1(toPrimitive, [x], { dtype });
}
