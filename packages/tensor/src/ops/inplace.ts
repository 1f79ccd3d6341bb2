// In-place ops (`add_`, `copy_`, `fill_`, ...): primitives that write through the target's strides into its
// storage, bump the storage's version once and return the target. Mirrors the checks of ATen's in-place
// TensorIterator: the other operand broadcasts into the target, never the reverse; the result type must be
// castable to the target's dtype; inputs must not partially overlap the target.

import { binaryRow } from '../backend.js';
import type { DType } from '../dtype.js';
import { DTypeError, RuntimeError, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { map1, map2 } from '../kernels/elementwise.js';
import { UNARY_ROWS } from '../kernels/elementwise-unary.js';
import { definePrimitive, type Primitive } from '../primitive.js';
import { broadcastShapes, formatShape, type Shape, sameShape } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { scalar } from './creation.js';
import {
  type BinaryOp,
  binaryComputeDType,
  binaryKernel,
  type ClampParams,
  clampDType,
  clampKernel,
  conversionKernel,
  operand,
  stridedOf,
  wrapScalars,
} from './elementwise.js';

type NoParams = Record<string, never>;
const FAMILY = 'inplace';

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

// ---- add_, sub_, mul_, div_ ---------------------------------------------------------------------------

type InplaceOp = Extract<BinaryOp, 'add' | 'sub' | 'mul' | 'div'>;

function defineInplaceBinary(op: InplaceOp): Primitive<NoParams> {
  const name = `${op}_`;
  return definePrimitive<NoParams>({
    name,
    family: FAMILY,
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
      map2(binaryRow(binaryKernel(op, t.dtype)), t.shape, out, out, b);
      t.storage.version++;
      return [t];
    },
  });
}

const addPrimitive = defineInplaceBinary('add');
const subPrimitive = defineInplaceBinary('sub');
const mulPrimitive = defineInplaceBinary('mul');
const divPrimitive = defineInplaceBinary('div');

function inplaceBinary(prim: Primitive<NoParams>, target: Tensor, other: TensorLike): Tensor {
  const [, o] = wrapScalars([target, other]);
  bind1(prim, [target, o!], {});
  return target;
}

/** target += other (other broadcasts to the target's shape). */
export function add_(target: Tensor, other: TensorLike): Tensor {
  return inplaceBinary(addPrimitive, target, other);
}

/** target -= other. */
export function sub_(target: Tensor, other: TensorLike): Tensor {
  return inplaceBinary(subPrimitive, target, other);
}

/** target *= other. */
export function mul_(target: Tensor, other: TensorLike): Tensor {
  return inplaceBinary(mulPrimitive, target, other);
}

/** target /= other (true division: the target must be float32). */
export function div_(target: Tensor, other: TensorLike): Tensor {
  return inplaceBinary(divPrimitive, target, other);
}

// ---- copy_, fill_, zero_ ------------------------------------------------------------------------------

const copyPrimitive = definePrimitive<NoParams>({
  name: 'copy_',
  family: FAMILY,
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
});

/** Writes `src` (broadcast to the target's shape, converted to its dtype) into the target. */
export function copy_(target: Tensor, src: TensorLike): Tensor {
  const [, s] = wrapScalars([target, src]);
  bind1(copyPrimitive, [target, s!], {});
  return target;
}

interface FillParams {
  value: number | boolean;
}

/** `value` as a 0-d tensor that converts into any dtype as PyTorch's fill_ does (int32 when exact). */
function valueTensor(value: number | boolean): Tensor {
  if (typeof value === 'boolean') return scalar(value, 'bool');
  return scalar(value, Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 'int32' : 'float32');
}

const fillPrimitive = definePrimitive<FillParams>({
  name: 'fill_',
  family: FAMILY,
  mutates: [0],
  allowsInternalOverlap: true,
  shapeRule: ([target], { value }) => {
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ValueError(`fill_(): expected value to be a number or a boolean, but got ${typeof value}`);
    }
    return [{ shape: target!.shape, dtype: target!.dtype }];
  },
  impl: ([target], { value }) => {
    const t = target!;
    const v = valueTensor(value);
    map1(UNARY_ROWS[conversionKernel(v.dtype, t.dtype)], t.shape, stridedOf(t), operand(v, t.shape, v.dtype));
    t.storage.version++;
    return [t];
  },
});

/** Sets every element of the target to `value` (converted to its dtype: floats truncate into int32). */
export function fill_(target: Tensor, value: number | boolean): Tensor {
  bind1(fillPrimitive, [target], { value });
  return target;
}

/** Sets every element of the target to zero. */
export function zero_(target: Tensor): Tensor {
  return fill_(target, 0);
}

// ---- clamp_ -------------------------------------------------------------------------------------------

const clampPrimitive = definePrimitive<ClampParams>({
  name: 'clamp_',
  family: FAMILY,
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
});

/** Clamps the target into [min, max] in place; an int32 target takes integer bounds only. */
export function clamp_(target: Tensor, min: number | null = null, max: number | null = null): Tensor {
  bind1(clampPrimitive, [target], { min, max });
  return target;
}
