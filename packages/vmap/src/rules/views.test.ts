// View primitives under vmap stay views: their results share the caller's storage, in-place writes through them
// land in the caller's tensor, and `view` refuses a layout that would need a copy, as it does eagerly.
import { RuntimeError, type Tensor } from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { floats } from '../../test/values.js';
import { vmap } from '../index.js';

describe('views under vmap', () => {
  it('return views of the mapped input (shared storage), whatever the in-dim', () => {
    const x = floats([3, 4, 5], 1);
    for (const inDims of [0, 1, -1]) {
      const f = (t: Tensor) => {
        const row = t.transpose(0, 1).select(0, 2).unsqueeze(0);
        return row.expand([2, row.shape[1]!]);
      };
      const out = vmap(f, { inDims })(x);
      expect(out.storage).toBe(x.storage);
    }
  });

  it('write through to the caller when an in-place op targets a view', () => {
    const x = floats([3, 4], 2);
    const before = x.toArray() as number[][];
    const version = x.storage.version;
    vmap((t: Tensor) => t.slice(0, 1, 4, 2).mul_(10), { inDims: 1 })(x);
    const after = x.toArray() as number[][];
    after.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(i % 2 === 1 ? before[i]![j]! * 10 : before[i]![j]!, 5);
      });
    });
    expect(x.storage.version).toBeGreaterThan(version);
  });

  it('view() refuses a member layout that needs a copy, as eagerly; reshape() copies', () => {
    const x = floats([4, 3, 2], 3); // mapped over dim 1: each member is [4, 2] with strides [6, 1]
    const eager = () => x.select(1, 0).view([8]);
    expect(eager).toThrow(RuntimeError);
    expect(() => vmap((t: Tensor) => t.view([8]), { inDims: 1 })(x)).toThrow(
      'view size is not compatible with input tensor',
    );
    const reshaped = vmap((t: Tensor) => t.reshape([8]), { inDims: 1 })(x);
    expect(reshaped.toArray()).toEqual([0, 1, 2].map((i) => x.select(1, i).reshape([8]).toArray()));
  });
});
