// The error hierarchy and how wrong arguments are named in messages.
import { describe, expect, it } from 'vitest';
import { BnError, describeValue, ShapeError, ValueError } from './errors.js';
import { tensor } from './ops/creation.js';

describe('errors', () => {
  it('are BnErrors with their own names', () => {
    const e = new ShapeError('x');
    expect(e).toBeInstanceOf(BnError);
    expect(e.name).toBe('ShapeError');
    expect(new ValueError('y')).not.toBeInstanceOf(ShapeError);
  });

  it('name a wrong argument by its kind', () => {
    expect([null, undefined, 3, 'a', true].map(describeValue)).toEqual([
      'null',
      'undefined',
      'a number',
      'a string',
      'a boolean',
    ]);
    expect(describeValue(tensor([1]))).toBe('a Tensor');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue(Object.create(null))).toBe('an object');
    expect(describeValue({})).toBe('an Object');
  });
});
