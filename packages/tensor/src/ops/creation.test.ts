// full/zeros: the fill value lands everywhere, signed zero included (a new typed array is +0, so -0 must be written).
import { describe, expect, it } from 'vitest';
import { ArgumentTypeError } from '../errors.js';
import {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  scalar,
  tensor,
  zeros,
  zerosLike,
} from './creation.js';

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

// README: "pass `{ dtype: 'int32' }`": every creation function takes the options where PyTorch takes `dtype=`,
// also in place of optional numbers left out, and a wrong second argument says what it must be.
describe('the options object of each creation function', () => {
  it('is accepted after the data, the size or the numbers given', () => {
    const int32 = { dtype: 'int32' } as const;
    const made = {
      tensor: tensor([1, 2], int32),
      tensorWithShape: tensor([1, 2, 3, 4], [2, 2], int32),
      scalar: scalar(3, int32),
      full: full([2], 7, int32),
      zeros: zeros([2], int32),
      ones: ones(2, int32),
      arange: arange(3, int32),
      arangeStartEnd: arange(1, 3, int32),
      arangeStep: arange(0, 6, 2, int32),
      linspace: linspace(0, 4, 3, int32),
      eye: eye(2, int32),
      eyeRectangular: eye(1, 2, int32),
      zerosLike: zerosLike(tensor([1.5]), int32),
      onesLike: onesLike(tensor([1.5]), int32),
      fullLike: fullLike(tensor([1.5]), 4, int32),
    };
    for (const [name, t] of Object.entries(made)) expect(t.dtype, name).toBe('int32');
    expect(Object.fromEntries(Object.entries(made).map(([name, t]) => [name, t.toArray()]))).toEqual({
      tensor: [1, 2],
      tensorWithShape: [
        [1, 2],
        [3, 4],
      ],
      scalar: 3,
      full: [7, 7],
      zeros: [0, 0],
      ones: [1, 1],
      arange: [0, 1, 2],
      arangeStartEnd: [1, 2],
      arangeStep: [0, 2, 4],
      linspace: [0, 2, 4],
      eye: [
        [1, 0],
        [0, 1],
      ],
      eyeRectangular: [[1, 0]],
      zerosLike: [0],
      onesLike: [1],
      fullLike: [4],
    });
    expect(arange(2.5, { dtype: 'float32' }).toArray()).toEqual([0, 1, 2]);
    expect(scalar(1, 'bool').toArray()).toBe(true);
  });

  it('says what the second argument of tensor() must be', () => {
    expect(() => tensor([1, 2], 'int32' as never)).toThrow(
      new ArgumentTypeError(
        "tensor(): the second argument must be a shape (an array of integers) or the options ({ dtype: 'int32' }), " +
          'but got a string',
      ),
    );
  });

  it('names the argument that is neither a number nor the options', () => {
    const cases: [string, () => unknown, string][] = [
      ['arange', () => arange('5' as never), "arange(): argument 'start' must be a number, but got a string"],
      [
        'arange',
        () => (arange as (...a: unknown[]) => unknown)(),
        "arange(): argument 'start' must be a number, but got undefined",
      ],
      [
        'arange',
        () => arange(0, [5] as never),
        "arange(): argument 'end' must be a number, but got an array",
      ],
      [
        'arange',
        () => arange(0, 5, 1, 'int32' as never),
        "arange(): argument 'options' must be an options object, but got a string",
      ],
      ['eye', () => eye([3, 3] as never), "eye(): argument 'n' must be a number, but got an array"],
      [
        'linspace',
        () => linspace(0, 1, { dtype: 'int32' } as never),
        "linspace(): argument 'steps' must be a number, but got an Object",
      ],
      [
        'linspace',
        () => linspace(0, 1, 3, 'int32' as never),
        "linspace(): argument 'options' must be an options object, but got a string",
      ],
      [
        'zerosLike',
        () => zerosLike(tensor([1]), 'int32' as never),
        "zerosLike(): argument 'options' must be an options object, but got a string",
      ],
      [
        'scalar',
        () => scalar(1, 'int64' as never),
        "scalar(): expected dtype to be 'float32', 'int32' or 'bool', but got int64",
      ],
      [
        'full',
        () => full([2], { dtype: 'int32' } as never),
        "full(): argument 'fill_value' must be a number or a boolean, but got an Object",
      ],
    ];
    for (const [name, call, message] of cases) expect(call, name).toThrow(message);
  });
});
