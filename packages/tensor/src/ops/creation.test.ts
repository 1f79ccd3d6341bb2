// full/zeros: the fill value lands everywhere, signed zero included (a new typed array is +0, so -0 must be written).
import { describe, expect, it } from 'vitest';
import { full, ones, zeros } from './creation.js';

describe('full', () => {
  it('fills every element, -0 and 0 kept apart', () => {
    expect(full([2, 3], 2.5).toArray()).toEqual([
      [2.5, 2.5, 2.5],
      [2.5, 2.5, 2.5],
    ]);
    const negative = full([4], -0).toArray() as number[];
    expect(negative.every((v) => Object.is(v, -0))).toBe(true);
    const positive = zeros([4]).toArray() as number[];
    expect(positive.every((v) => Object.is(v, 0))).toBe(true);
    expect(zeros([2], { dtype: 'int32' }).toArray()).toEqual([0, 0]);
    expect(ones([2], { dtype: 'bool' }).toArray()).toEqual([true, true]);
    expect(full([1], false).toArray()).toEqual([false]);
  });
});
