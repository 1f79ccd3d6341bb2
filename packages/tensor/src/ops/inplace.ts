// In-place ops (`add_`, `copy_`, `fill_`, ...): primitives that write through the target's strides into its
// storage, bump the storage's version once and return the target. Mirrors the checks of ATen's in-place
// TensorIterator: the other operand broadcasts into the target, never the reverse; the result type must be
// castable to the target's dtype; inputs must not partially overlap the target.

import { kernels } from '../backend.js';
import { type DType, expectDType } from '../dtype.js';
import { DTypeError, RuntimeError, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { map1, map2 } from '../kernels/elementwise.js';
import { UNARY_ROWS } from '../kernels/elementwise-unary.js';
import { defineFamily, type PrimitiveSpec } from '../primitive.js';
import { broadcastShapes, formatShape, type Shape, sameShape } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { expectScalar, expectTensor } from '../validate.js';
import { scalar } from './creation.js';
import {
  type BinaryOp,
  binaryComputeDType,
  binaryKernel,
  type ClampParams,
  clampBound,
  clampDType,
  clampKernel,
} from './elementwise.js';
import { conversionKernel, operand, stridedOf, wrapScalars } from './operands.js';

type NoParams = Record<string, never>;

// ---- checks -------------------------------------------------------------------------------------------

/** `other` must broadcast to the target's shape exactly (PyTorch's "output with shape ... doesn't match"). */
function checkBroadcastInto(op: string, target: Shape, other: Shape): void {
  const shape = broadcastShapes(op, target, other);
  if (!sameShape(shape, target)) {
    throw new ShapeError(
      `${op}(): output with shape ${formatShape(target)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
}

/** PyTorch's canCast: no float into an integer or bool, nothing but bool into bool. */
function checkCast(op: string, result: DType, target: DType): void {
  if ((result === 'float32' && target !== 'float32') || (target === 'bool' && result !== 'bool')) {
    throw new DTypeError(`${op}(): result type ${result} can't be cast to the desired output type ${target}`);
  }
}

/** True when the strides visit one gap-free block of memory, each element once, in some order of the dims. */
function isNonOverlappingAndDense(t: Tensor): boolean {
  const dims = t.shape.map((_, d) => d).filter((d) => t.shape[d] !== 1);
  dims.sort((a, b) => t.strides[a]! - t.strides[b]!);
  let expected = 1;
  for (const d of dims) {
    if (t.strides[d] !== expected) return false;
    expected *= t.shape[d]!;
  }
  return true;
}

/**
 * PyTorch's assert_no_partial_overlap: a dense input whose memory block intersects the dense target's, other
 * than exactly the same elements in the same layout, is refused. Overlaps it cannot see (strided views) are
 * allowed; the kernels then read a snapshot of the input.
 */
function checkNoPartialOverlap(op: string, target: Tensor, input: Tensor): void {
  if (target === input || target.storage !== input.storage) return;
  if (target.numel() === 0 || input.numel() === 0) return;
  if (!isNonOverlappingAndDense(target) || !isNonOverlappingAndDense(input)) return;
  const [a0, a1] = [target.offset, target.offset + target.numel()];
  const [b0, b1] = [input.offset, input.offset + input.numel()];
  if (a0 === b0 && a1 === b1 && sameShape(target.strides, input.strides)) return;
  if (a0 < b1 && b0 < a1) {
    throw new RuntimeError(
      `${op}(): unsupported operation: some elements of the input tensor and the written-to tensor refer to a ` +
        'single memory location. Please clone() the tensor before performing the operation.',
    );
  }
}

/** Whether `input` must be read from a copy: it shares the target's storage without being the target. */
function aliases(target: Tensor, input: Tensor): boolean {
  return input !== target && input.storage === target.storage;
}

// ---- primitives ----------------------------------------------------------------------------------------

type InplaceOp = Extract<BinaryOp, 'add' | 'sub' | 'mul' | 'div'>;

function inplaceBinarySpec(op: InplaceOp): PrimitiveSpec<NoParams, 'inplace'> {
  const name = `${op}_`;
  return {
    kind: 'inplace',
    mutates: [0],
    shapeRule: ([target, other]) => {
      checkBroadcastInto(name, target!.shape, other!.shape);
      checkCast(name, binaryComputeDType(op, target!.dtype, other!.dtype, name), target!.dtype);
      return [{ shape: target!.shape, dtype: target!.dtype }];
    },
    impl: ([target, other]) => {
      const t = target!;
      checkNoPartialOverlap(name, t, other!);
      // a castable result type is the target's own dtype: compute in it
      const out = stridedOf(t);
      const b = operand(other!, t.shape, t.dtype, aliases(t, other!));
      map2(kernels().binaryRow(binaryKernel(op, t.dtype)), t.shape, out, out, b);
      t.storage.version++;
      return [t];
    },
  };
}

export interface FillParams {
  value: number | boolean;
}

/** `value` as a 0-d tensor that converts into any dtype as PyTorch's fill_ does (int32 when exact). */
function valueTensor(value: number | boolean): Tensor {
  if (typeof value === 'boolean') return scalar(value, 'bool');
  return scalar(value, Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 'int32' : 'float32');
}

/** The in-place primitives: each writes input 0 (the target) with the other inputs broadcast into it. */
export const inplacePrimitives = /* @__PURE__ */ defineFamily('inplace', {
  add_: inplaceBinarySpec('add'),
  sub_: inplaceBinarySpec('sub'),
  mul_: inplaceBinarySpec('mul'),
  div_: inplaceBinarySpec('div'),
  copy_: {
    kind: 'inplace',
    mutates: [0],
    shapeRule: ([target, src]) => {
      checkBroadcastInto('copy_', target!.shape, src!.shape);
      return [{ shape: target!.shape, dtype: target!.dtype }];
    },
    impl: ([target, src]) => {
      const t = target!;
      const s = src!;
      checkNoPartialOverlap('copy_', t, s);
      const from = operand(s, t.shape, s.dtype, aliases(t, s));
      map1(UNARY_ROWS[conversionKernel(s.dtype, t.dtype)], t.shape, stridedOf(t), from);
      t.storage.version++;
      return [t];
    },
  } satisfies PrimitiveSpec<NoParams, 'inplace'>,
  fill_: {
    kind: 'inplace',
    mutates: [0],
    allowsInternalOverlap: true,
    shapeRule: ([target], { value }) => {
      if (typeof value !== 'number' && typeof value !== 'boolean') {
        throw new ValueError(`fill_(): expected value to be a number or a boolean, but got ${typeof value}`);
      }
      const whole = Math.trunc(Number(value));
      if (target!.dtype === 'int32' && !Number.isNaN(whole) && !(whole >= -(2 ** 31) && whole < 2 ** 31)) {
        throw new ValueError(
          `fill_(): value cannot be converted to type int32 without overflow (got ${value})`,
        );
      }
      return [{ shape: target!.shape, dtype: target!.dtype }];
    },
    impl: ([target], { value }) => {
      const t = target!;
      const v = valueTensor(value);
      map1(
        UNARY_ROWS[conversionKernel(v.dtype, t.dtype)],
        t.shape,
        stridedOf(t),
        operand(v, t.shape, v.dtype),
      );
      t.storage.version++;
      return [t];
    },
  } satisfies PrimitiveSpec<FillParams, 'inplace'>,
  clamp_: {
    kind: 'inplace',
    mutates: [0],
    shapeRule: ([target], params) => {
      checkCast('clamp_', clampDType('clamp_', target!.dtype, params), target!.dtype);
      return [{ shape: target!.shape, dtype: target!.dtype }];
    },
    impl: ([target], params) => {
      const t = target!;
      const out = stridedOf(t);
      map1(clampKernel(params), t.shape, out, out);
      t.storage.version++;
      return [t];
    },
  } satisfies PrimitiveSpec<ClampParams, 'inplace'>,
  relu_: {
    kind: 'inplace',
    mutates: [0],
    shapeRule: ([target]) => {
      expectDType('relu_', 'self', target!.dtype, ['float32', 'int32']);
      return [{ shape: target!.shape, dtype: target!.dtype }];
    },
    impl: ([target]) => {
      const t = target!;
      const out = stridedOf(t);
      map1(kernels().unaryRow('relu'), t.shape, out, out);
      t.storage.version++;
      return [t];
    },
  } satisfies PrimitiveSpec<NoParams, 'inplace'>,
});

const P = inplacePrimitives;

// ---- public functions ---------------------------------------------------------------------------------

function inplaceBinary(op: `${InplaceOp}_`, target: Tensor, other: TensorLike): Tensor {
  expectTensor(op, 'self', target);
  const [, o] = wrapScalars(op, [target, other], ['self', 'other']);
  bind1(P[op], [target, o!], {});
  return target;
}

/** target += other (other broadcasts to the target's shape). */
export function add_(target: Tensor, other: TensorLike): Tensor {
  return inplaceBinary('add_', target, other);
}

/** target -= other. */
export function sub_(target: Tensor, other: TensorLike): Tensor {
  return inplaceBinary('sub_', target, other);
}

/** target *= other. */
export function mul_(target: Tensor, other: TensorLike): Tensor {
  return inplaceBinary('mul_', target, other);
}

/** target /= other (true division: the target must be float32). */
export function div_(target: Tensor, other: TensorLike): Tensor {
  return inplaceBinary('div_', target, other);
}

/** Writes `src` (broadcast to the target's shape, converted to its dtype) into the target. */
export function copy_(target: Tensor, src: TensorLike): Tensor {
  expectTensor('copy_', 'self', target);
  const [, s] = wrapScalars('copy_', [target, src], ['self', 'src']);
  bind1(P.copy_, [target, s!], {});
  return target;
}

/** Sets every element of the target to `value` (converted to its dtype: floats truncate into int32). */
export function fill_(target: Tensor, value: number | boolean): Tensor {
  expectTensor('fill_', 'self', target);
  expectScalar('fill_', 'value', value);
  bind1(P.fill_, [target], { value });
  return target;
}

/** Sets every element of the target to zero. */
export function zero_(target: Tensor): Tensor {
  return fill_(target, 0);
}

/**
 * max(target, 0) in place, PyTorch's relu_: the same values as `clamp_(target, 0)`, but its gradient is relu's
 * (none where the result is 0), as in PyTorch, where clamp_'s passes at x = 0.
 */
export function relu_(target: Tensor): Tensor {
  expectTensor('relu_', 'self', target);
  bind1(P.relu_, [target], {});
  return target;
}

/** Clamps the target into [min, max] in place; an int32 target takes integer bounds only. */
export function clamp_(target: Tensor, min: number | null = null, max: number | null = null): Tensor {
  expectTensor('clamp_', 'self', target);
  bind1(P.clamp_, [target], { min: clampBound('clamp_', 'min', min), max: clampBound('clamp_', 'max', max) });
  return target;
}
