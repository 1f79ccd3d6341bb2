// Tensor.item(): a number for every dtype (a bool tensor gives 1 or 0, as tfjs's dataSync), so comparisons of it
// type-check under strict TypeScript; toArray() keeps booleans.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { fromTypedArray, scalar, tensor } from './ops/creation.js';
import type { Tensor } from './tensor.js';

describe('item', () => {
  it('is typed number, so it compares with numbers', () => {
    expectTypeOf<Tensor['item']>().returns.toEqualTypeOf<number>();
    const x = tensor([3e-5]);
    expect(x.item() < 1e-4).toBe(true);
  });

  it('gives each dtype its value as a number', () => {
    expect(tensor([2.5]).item()).toBe(2.5);
    expect(tensor([-7], { dtype: 'int32' }).item()).toBe(-7);
    expect(scalar(true).item()).toBe(1);
    expect(scalar(false).item()).toBe(0);
    expect(tensor([1, 2, 3]).gt(2).any().item()).toBe(1);
    expect(tensor([1, 2, 3]).gt(5).any().item()).toBe(0);
  });

  it('gives 1 for any nonzero byte of a bool array, as toArray gives true', () => {
    const bytes = fromTypedArray(new Uint8Array([2]), [1]);
    expect(bytes.item()).toBe(1);
    expect(bytes.toArray()).toEqual([true]);
  });

  it('reads the element a view points at', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ])
        .select(1, 1)
        .narrow(0, 1, 1)
        .item(),
    ).toBe(4);
  });
});
