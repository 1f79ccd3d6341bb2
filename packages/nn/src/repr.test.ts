// Python's spelling of values, checked against what CPython's repr prints for the same values.
import { describe, expect, it } from 'vitest';
import { py, pyFloat } from './repr.js';

describe('pyFloat', () => {
  it('matches repr(float) of CPython', () => {
    // expected strings are CPython 3.11's repr of the same floats
    const cases: [number, string][] = [
      [1e-5, '1e-05'],
      [0.1, '0.1'],
      [1, '1.0'],
      [0.0001, '0.0001'],
      [0.00012, '0.00012'],
      [1e16, '1e+16'],
      [1234567890123456, '1234567890123456.0'],
      [-2.5e-7, '-2.5e-07'],
      [1e100, '1e+100'],
      [Number.NaN, 'nan'],
    ];
    for (const [x, text] of cases) expect(pyFloat(x)).toBe(text);
  });
});

describe('py', () => {
  it('spells booleans, None, strings, ints and tuples as Python', () => {
    expect([py(true), py(false), py(null), py('none'), py(3), py(0.5)]).toEqual([
      'True',
      'False',
      'None',
      "'none'",
      '3',
      '0.5',
    ]);
    expect([py([3, 3]), py([8]), py([])]).toEqual(['(3, 3)', '(8,)', '()']);
  });
});
