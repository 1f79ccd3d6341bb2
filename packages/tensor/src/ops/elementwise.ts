// Elementwise ops with NumPy/PyTorch broadcasting and PyTorch's type promotion (wrapped numbers included):
// arithmetic, comparisons, `where`, activations, `clamp` and the dtype cast `to`. Mirrors ATen's
// BinaryOps.cpp / UnaryOps.cpp / TensorCompare.cpp; one primitive per op.

import { kernels } from '../backend.js';
import { type DType, expectDType, isDType, promoteTypes, scalarDType } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { map1, map2, type UnaryRow, where as whereKernel } from '../kernels/elementwise.js';
import { type BinaryKernel, thresholdBackwardRow } from '../kernels/elementwise-binary.js';
import { clampRow } from '../kernels/elementwise-unary.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { expectNumber, expectTensor } from '../validate.js';
import { empty } from './creation.js';
import { copyAs, operand, stridedOf, wrapScalars } from './operands.js';

type NoParams = Record<string, never>;

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

/** A binary op computing in the promoted dtype of its broadcast inputs. */
function binarySpec(op: BinaryOp): PrimitiveSpec<NoParams, 'broadcast'> {
  return {
    kind: 'broadcast',
    shapeRule: ([a, b]) => [
      {
        shape: broadcastShapes(op, a!.shape, b!.shape),
        dtype: binaryOutDType(op, binaryComputeDType(op, a!.dtype, b!.dtype)),
      },
    ],
    impl: ([a, b], _, [aval]) => {
      const out = empty(aval!);
      const dtype = binaryComputeDType(op, a!.dtype, b!.dtype);
      const row = kernels().binaryRow(binaryKernel(op, dtype));
      map2(row, out.shape, stridedOf(out), operand(a!, out.shape, dtype), operand(b!, out.shape, dtype));
      return [out];
    },
  };
}

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
  | 'erf'
  | 'sign';

interface UnaryDTypes {
  /** 'float': float32 out (integers converted, as PyTorch's float ops); 'same': the input's; 'bool': bool. */
  out: 'float' | 'same' | 'bool';
  /** The input dtypes PyTorch implements the op for (all when omitted). */
  accepts?: readonly DType[];
}

const UNARY: Record<UnaryOp, UnaryDTypes> = {
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
  erf: { out: 'float' },
};

function unaryOutDType(op: string, dtypes: UnaryDTypes, dtype: DType): DType {
  if (dtypes.accepts) expectDType(op, 'input', dtype, dtypes.accepts);
  return dtypes.out === 'float' ? 'float32' : dtypes.out === 'bool' ? 'bool' : dtype;
}

/**
 * Runs the unary row kernel `row` of `x` into a fresh tensor of `aval`, converting int32 input to float32 first
 * when the output is float32 (a bool output reads the input as it is).
 */
function runUnary(row: UnaryRow, x: Tensor, aval: Aval): Tensor[] {
  const out = empty(aval);
  map1(row, x.shape, stridedOf(out), operand(x, x.shape, aval.dtype === 'bool' ? x.dtype : aval.dtype));
  return [out];
}

function unarySpec(op: UnaryOp): PrimitiveSpec<NoParams, 'perElement'> {
  return {
    kind: 'perElement',
    shapeRule: ([x]) => [{ shape: x!.shape, dtype: unaryOutDType(op, UNARY[op], x!.dtype) }],
    impl: ([x], _, [aval]) => runUnary(kernels().unaryRow(op), x!, aval!),
  };
}

export interface GeluOptions {
  /** 'none': the exact x * Phi(x); 'tanh': the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

export interface GeluParams {
  approximate: 'none' | 'tanh';
}

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
  return lo === 0 && hi === Number.POSITIVE_INFINITY ? kernels().unaryRow('relu') : clampRow(lo, hi);
}

export interface ThresholdBackwardParams {
  threshold: number;
}

export interface ToParams {
  dtype: DType;
}

/** The elementwise primitives: broadcasting binary ops and `where`, per-element unary ops, `clamp` and `to`. */
export const elementwisePrimitives = /* @__PURE__ */ defineFamily('elementwise', {
  add: binarySpec('add'),
  sub: binarySpec('sub'),
  mul: binarySpec('mul'),
  div: binarySpec('div'),
  pow: binarySpec('pow'),
  minimum: binarySpec('minimum'),
  maximum: binarySpec('maximum'),
  eq: binarySpec('eq'),
  ne: binarySpec('ne'),
  lt: binarySpec('lt'),
  le: binarySpec('le'),
  gt: binarySpec('gt'),
  ge: binarySpec('ge'),
  logicalAnd: binarySpec('logicalAnd'),
  logicalOr: binarySpec('logicalOr'),
  logicalXor: binarySpec('logicalXor'),
  where: {
    kind: 'broadcast',
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
    impl: ([cond, a, b], _, [aval]) => {
      const out = empty(aval!);
      const { shape, dtype } = out;
      whereKernel(
        shape,
        stridedOf(out),
        operand(cond!, shape, 'bool'),
        operand(a!, shape, dtype),
        operand(b!, shape, dtype),
      );
      return [out];
    },
  } satisfies PrimitiveSpec<NoParams, 'broadcast'>,
  logicalNot: unarySpec('logicalNot'),
  neg: unarySpec('neg'),
  abs: unarySpec('abs'),
  exp: unarySpec('exp'),
  log: unarySpec('log'),
  sqrt: unarySpec('sqrt'),
  rsqrt: unarySpec('rsqrt'),
  sigmoid: unarySpec('sigmoid'),
  tanh: unarySpec('tanh'),
  relu: unarySpec('relu'),
  silu: unarySpec('silu'),
  erf: unarySpec('erf'),
  sign: unarySpec('sign'),
  gelu: {
    kind: 'perElement',
    shapeRule: ([x], { approximate }) => {
      if (approximate !== 'none' && approximate !== 'tanh') {
        throw new ValueError(
          `gelu(): approximate argument must be either 'none' or 'tanh', but got '${String(approximate)}'`,
        );
      }
      expectDType('gelu', 'input', x!.dtype, ['float32']);
      return [{ shape: x!.shape, dtype: 'float32' }];
    },
    impl: ([x], { approximate }, [aval]) =>
      runUnary(kernels().unaryRow(approximate === 'tanh' ? 'geluTanh' : 'gelu'), x!, aval!),
  } satisfies PrimitiveSpec<GeluParams, 'perElement'>,
  clamp: {
    kind: 'perElement',
    shapeRule: ([x], params) => [{ shape: x!.shape, dtype: clampDType('clamp', x!.dtype, params) }],
    impl: ([x], params, [aval]) => {
      const out = empty(aval!);
      map1(clampKernel(params), x!.shape, stridedOf(out), operand(x!, x!.shape, aval!.dtype));
      return [out];
    },
  } satisfies PrimitiveSpec<ClampParams, 'perElement'>,
  thresholdBackward: {
    kind: 'broadcast',
    shapeRule: ([gradOutput, x], { threshold }) => {
      const op = 'thresholdBackward';
      expectDType(op, 'gradOutput', gradOutput!.dtype, ['float32', 'int32']);
      expectDType(op, 'self', x!.dtype, ['float32', 'int32']);
      expectNumber(op, 'threshold', threshold);
      const shape = broadcastShapes(op, gradOutput!.shape, x!.shape);
      return [{ shape, dtype: promoteTypes(gradOutput!.dtype, x!.dtype) }];
    },
    impl: ([gradOutput, x], { threshold }, [aval]) => {
      const out = empty(aval!);
      const { shape, dtype } = out;
      const row = thresholdBackwardRow(threshold);
      map2(row, shape, stridedOf(out), operand(gradOutput!, shape, dtype), operand(x!, shape, x!.dtype));
      return [out];
    },
  } satisfies PrimitiveSpec<ThresholdBackwardParams, 'broadcast'>,
  to: {
    kind: 'perElement',
    shapeRule: ([x], { dtype }) => {
      if (!isDType(dtype)) {
        throw new DTypeError(
          `to(): expected dtype to be 'float32', 'int32' or 'bool', but got ${String(dtype)}`,
        );
      }
      return [{ shape: x!.shape, dtype }];
    },
    impl: ([x], { dtype }) => [copyAs(x!, dtype)],
  } satisfies PrimitiveSpec<ToParams, 'perElement'>,
});

const P = elementwisePrimitives;

// ---- binary ops ---------------------------------------------------------------------------------------

function binary(op: BinaryOp, a: unknown, b: unknown): Tensor {
  return bind1(P[op], wrapScalars(op, [a, b], ['input', 'other']), {});
}

export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary('add', a, b);
}

export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary('sub', a, b);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary('mul', a, b);
}

/** True division: always float32, integers included (PyTorch's `div` without rounding mode). */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary('div', a, b);
}

/** `a ** b`. Integer tensors to a negative integer number throw, as in PyTorch. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = wrapScalars('pow', [a, b], ['input', 'exponent']);
  if (
    typeof b === 'number' &&
    Number.isInteger(b) &&
    b < 0 &&
    promoteTypes(x!.dtype, y!.dtype) !== 'float32'
  ) {
    throw new ValueError(`pow(): Integers to negative integer powers are not allowed (exponent ${b})`);
  }
  return bind1(P.pow, [x!, y!], {});
}

/** Elementwise minimum; nan wins. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary('minimum', a, b);
}

/** Elementwise maximum; nan wins. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary('maximum', a, b);
}

export function eq(a: TensorLike, b: TensorLike): Tensor {
  return binary('eq', a, b);
}

export function ne(a: TensorLike, b: TensorLike): Tensor {
  return binary('ne', a, b);
}

export function lt(a: TensorLike, b: TensorLike): Tensor {
  return binary('lt', a, b);
}

export function le(a: TensorLike, b: TensorLike): Tensor {
  return binary('le', a, b);
}

export function gt(a: TensorLike, b: TensorLike): Tensor {
  return binary('gt', a, b);
}

export function ge(a: TensorLike, b: TensorLike): Tensor {
  return binary('ge', a, b);
}

/** Elementwise `a && b` on truth values (nonzero, nan included, is true); bool out. */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor {
  return binary('logicalAnd', a, b);
}

/** Elementwise `a || b` on truth values; bool out. */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor {
  return binary('logicalOr', a, b);
}

/** Elementwise exclusive or of truth values; bool out. */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return binary('logicalXor', a, b);
}

/** `a` where `condition` holds, `b` elsewhere, all three broadcast together. */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const [cond] = wrapScalars('where', [condition], ['condition']);
  return bind1(P.where, [cond!, ...wrapScalars('where', [a, b], ['input', 'other'])], {});
}

// ---- unary ops ----------------------------------------------------------------------------------------

function unary(op: UnaryOp, x: unknown): Tensor {
  expectTensor(op, 'input', x);
  return bind1(P[op], [x], {});
}

/** `!x` for any dtype: true where x is zero. */
export function logicalNot(x: Tensor): Tensor {
  return unary('logicalNot', x);
}

export function neg(x: Tensor): Tensor {
  return unary('neg', x);
}

export function abs(x: Tensor): Tensor {
  return unary('abs', x);
}

export function exp(x: Tensor): Tensor {
  return unary('exp', x);
}

export function log(x: Tensor): Tensor {
  return unary('log', x);
}

export function sqrt(x: Tensor): Tensor {
  return unary('sqrt', x);
}

/** 1 / sqrt(x). */
export function rsqrt(x: Tensor): Tensor {
  return unary('rsqrt', x);
}

export function sigmoid(x: Tensor): Tensor {
  return unary('sigmoid', x);
}

export function tanh(x: Tensor): Tensor {
  return unary('tanh', x);
}

/** max(x, 0); nan stays nan. */
export function relu(x: Tensor): Tensor {
  return unary('relu', x);
}

/** x * sigmoid(x) (float32 only, as PyTorch). */
export function silu(x: Tensor): Tensor {
  return unary('silu', x);
}

/** The error function, float32 for every input dtype (torch.erf). */
export function erf(x: Tensor): Tensor {
  return unary('erf', x);
}

/** -1, 0 or 1 in the input's dtype (0 for nan). */
export function sign(x: Tensor): Tensor {
  return unary('sign', x);
}

/** 1 / x, float32 for every input dtype. */
export function reciprocal(x: Tensor): Tensor {
  expectTensor('reciprocal', 'input', x);
  return div(1, x);
}

/** x * x; bool squares to int32 as in PyTorch (`pow(x, 2)`). */
export function square(x: Tensor): Tensor {
  expectTensor('square', 'input', x);
  return pow(x, 2);
}

/** Gaussian error linear unit, exact or with the tanh approximation. */
export function gelu(x: Tensor, { approximate = 'none' }: GeluOptions = {}): Tensor {
  expectTensor('gelu', 'input', x);
  return bind1(P.gelu, [x], { approximate });
}

/** min(max(x, min), max); either bound may be omitted (not both). A float bound makes an int32 input float32. */
export function clamp(x: Tensor, min: number | null = null, max: number | null = null): Tensor {
  expectTensor('clamp', 'input', x);
  return bind1(P.clamp, [x], { min: clampBound('clamp', 'min', min), max: clampBound('clamp', 'max', max) });
}

/**
 * PyTorch's threshold_backward, relu's backward: 0 where `x <= threshold` (at the threshold itself too), `gradOutput`
 * elsewhere, the two broadcast together.
 */
export function thresholdBackward(gradOutput: Tensor, x: Tensor, threshold: number): Tensor {
  expectTensor('thresholdBackward', 'gradOutput', gradOutput);
  expectTensor('thresholdBackward', 'self', x);
  return bind1(P.thresholdBackward, [gradOutput, x], { threshold });
}

/** A clamp bound: a number or null (undefined is the default, null). */
export function clampBound(op: string, arg: string, bound: unknown): number | null {
  if (bound === null || bound === undefined) return null;
  expectNumber(op, arg, bound);
  return bound;
}

/** `x` converted to `dtype` (floats truncate towards zero into int32; nonzero is true), or `x` itself. */
export function to(x: Tensor, dtype: DType): Tensor {
  expectTensor('to', 'input', x);
  if (x.dtype === dtype) return x;
  return bind1(P.to, [x], { dtype });
}
