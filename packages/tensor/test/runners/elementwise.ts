// Runners for the elementwise fixtures (tools/golden/elementwise.py): a number operand comes in params ("a",
// "b") with a null input; nan and infinities are strings there.
import type { DType } from '../../src/dtype.js';
import * as ops from '../../src/ops/elementwise.js';
import type { Tensor, TensorLike } from '../../src/tensor.js';
import type { FamilyRunners, Runner } from '../fixtures.js';

type Param = number | boolean | 'nan' | 'inf' | '-inf' | null;

/** A number from params, with nan and the infinities decoded. */
export function decodeParam<T extends Param>(v: T): Exclude<T, string> {
  if (v === 'nan') return Number.NaN as Exclude<T, string>;
  if (v === 'inf') return Number.POSITIVE_INFINITY as Exclude<T, string>;
  if (v === '-inf') return Number.NEGATIVE_INFINITY as Exclude<T, string>;
  return v as Exclude<T, string>;
}

const operandOf = (t: Tensor | null | undefined, v: Param): TensorLike =>
  t ?? (decodeParam(v) as number | boolean);

const binary =
  (fn: (a: TensorLike, b: TensorLike) => Tensor): Runner =>
  ([a, b], { a: pa, b: pb }) =>
    fn(operandOf(a, pa), operandOf(b, pb));

const unary =
  (fn: (x: Tensor) => Tensor): Runner =>
  ([x]) =>
    fn(x!);

export const runners: FamilyRunners['runners'] = {
  add: binary(ops.add),
  sub: binary(ops.sub),
  mul: binary(ops.mul),
  div: binary(ops.div),
  pow: binary(ops.pow),
  minimum: binary(ops.minimum),
  maximum: binary(ops.maximum),
  eq: binary(ops.eq),
  ne: binary(ops.ne),
  lt: binary(ops.lt),
  le: binary(ops.le),
  gt: binary(ops.gt),
  ge: binary(ops.ge),
  logicalAnd: binary(ops.logicalAnd),
  logicalOr: binary(ops.logicalOr),
  logicalXor: binary(ops.logicalXor),
  where: ([cond, a, b], { a: pa, b: pb }) => ops.where(cond!, operandOf(a, pa), operandOf(b, pb)),
  logicalNot: unary(ops.logicalNot),
  neg: unary(ops.neg),
  abs: unary(ops.abs),
  exp: unary(ops.exp),
  log: unary(ops.log),
  sqrt: unary(ops.sqrt),
  rsqrt: unary(ops.rsqrt),
  sigmoid: unary(ops.sigmoid),
  tanh: unary(ops.tanh),
  relu: unary(ops.relu),
  silu: unary(ops.silu),
  erf: unary(ops.erf),
  sign: unary(ops.sign),
  reciprocal: unary(ops.reciprocal),
  square: unary(ops.square),
  gelu: ([x], { approximate }) => ops.gelu(x!, { approximate }),
  clamp: ([x], { min, max }) =>
    ops.clamp(x!, decodeParam(min as Param) as number | null, decodeParam(max as Param) as number | null),
  thresholdBackward: ([g, x], { threshold }) => ops.thresholdBackward(g!, x!, threshold as number),
  to: ([x], { dtype }) => ops.to(x!, dtype as DType),
};
