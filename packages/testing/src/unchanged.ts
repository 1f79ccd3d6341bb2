// Snapshots of named tensors (a module's state dict): the tensor objects, their bits and storage versions, to check
// that an operation that threw left every one of them exactly as it was.
import type { Tensor } from '@bn/tensor';
import { expect } from 'vitest';

export interface TensorSnapshot {
  tensor: Tensor;
  bits: Uint8Array;
  version: number;
}

/** Each entry's tensor, a copy of its bytes and its storage's version. */
export function snapshotTensors(tensors: Record<string, Tensor>): Map<string, TensorSnapshot> {
  return new Map(
    Object.entries(tensors).map(([key, tensor]) => {
      const values = tensor.toTypedArray();
      const bits = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
      return [key, { tensor, bits, version: tensor.storage.version }];
    }),
  );
}

/** The same keys, each the same tensor with the same bits and the same storage version as in `before`. */
export function expectTensorsUnchanged(
  tensors: Record<string, Tensor>,
  before: Map<string, TensorSnapshot>,
): void {
  const after = snapshotTensors(tensors);
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [key, was] of before) {
    const now = after.get(key)!;
    expect(now.tensor, key).toBe(was.tensor);
    expect(sameBits(now.bits, was.bits), `${key}: same bits`).toBe(true);
    expect(now.version, key).toBe(was.version);
  }
}

/** Byte-wise equality (fast on millions of elements, where a deep `toEqual` is not). */
function sameBits(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
