// makeDivisible and roundHalfEven against values printed by torchvision's _make_divisible and Python's round.
import { describe, expect, it } from 'vitest';
import { roundHalfEven } from '../round-half-even.js';
import { makeDivisible } from './make-divisible.js';

describe('makeDivisible', () => {
  it('equals torchvision._make_divisible', () => {
    const cases: [number, number, number][] = [
      [100, 8, 104],
      [10, 8, 16], // 8 would be more than 10% below 10
      [37, 8, 40],
      [3, 8, 8],
      [27, 16, 32],
      [104, 8, 104],
      [440, 8, 440],
      [7.5, 4, 8],
      [0.9, 1, 1],
    ];
    for (const [v, divisor, expected] of cases)
      expect(makeDivisible(v, divisor), `${v}, ${divisor}`).toBe(expected);
  });
});

describe('roundHalfEven', () => {
  it("equals Python's round", () => {
    const inputs = [0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6];
    expect(inputs.map((x) => roundHalfEven(x) + 0)).toEqual([0, 2, 2, 0, -2, 2, 3]);
  });
});
