// Data types, their typed-array storage, and PyTorch's type promotion restricted to our three dtypes.
import { DTypeError, RuntimeError } from './errors.js';

export type DType = 'float32' | 'int32' | 'bool';
export type TypedArray = Float32Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

export function isDType(x: unknown): x is DType {
  return x === 'float32' || x === 'int32' || x === 'bool';
}

const BYTES: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * A zero-filled typed array of `n` elements for `dtype` (bool is stored as 0/1 bytes). A size the engine cannot
 * allocate is PyTorch's "not enough memory" RuntimeError, not a bare RangeError.
 */
export function allocate(dtype: DType, n: number): TypedArray {
  try {
    switch (dtype) {
      case 'float32':
        return new Float32Array(n);
      case 'int32':
        return new Int32Array(n);
      case 'bool':
        return new Uint8Array(n);
    }
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new RuntimeError(
      `not enough memory: you tried to allocate ${n * BYTES[dtype]} bytes (a ${dtype} tensor of ${n} elements)`,
    );
  }
}

/** The dtype a typed array of @bn's storage holds: Float32Array, Int32Array, or Uint8Array for bool. */
export function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

/** Whether `data` is one of the typed arrays @bn stores tensors in (Float32Array, Int32Array, Uint8Array). */
export function isStorageArray(data: unknown): data is TypedArray {
  return data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array;
}

/**
 * The dtype data of another typed array converts to, as `tensor()` copies it: Float64Array to float32 (rounded),
 * the other integer arrays to int32 (values checked), storage arrays as they are; null for BigInt arrays.
 */
export function convertedDType(data: ArrayBufferView): DType | null {
  if (isStorageArray(data)) return dtypeOfArray(data);
  if (data instanceof Float64Array) return 'float32';
  const ints = [Int8Array, Int16Array, Uint8ClampedArray, Uint16Array, Uint32Array];
  return ints.some((type) => data instanceof type) ? 'int32' : null;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/** PyTorch's promotion for two tensors: bool < int32 < float32. */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The dtype of a number with no tensor beside it: bool, int32 for integers, float32 otherwise. */
export function numberDType(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int32' : 'float32';
}

/**
 * The dtype a Python-style number takes next to a tensor of dtype `other` (PyTorch's wrapped-number
 * rule: a scalar never raises a tensor's dtype within its category).
 */
export function scalarDType(value: number | boolean, other: DType): DType {
  if (typeof value === 'boolean') return other;
  if (other === 'float32') return 'float32';
  return Number.isInteger(value) ? (other === 'bool' ? 'int32' : other) : 'float32';
}

/** Throws unless `dtype` is one of `allowed`. */
export function expectDType(op: string, arg: string, dtype: DType, allowed: readonly DType[]): void {
  if (!allowed.includes(dtype)) {
    throw new DTypeError(`${op}(): expected ${arg} to have dtype ${allowed.join(' or ')}, but got ${dtype}`);
  }
}
