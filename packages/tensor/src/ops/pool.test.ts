// Max pooling's double backward beyond the PyTorch fixtures: the adjoint identity with maxPool2dBackward on random
// windows, values (ties, nan, infinities) and layouts, windows with no tap inside the input, and its shape errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floats } from '../../test/floats.js';
import { smallIntegers } from '../../test/small-integers.js';
import { ShapeError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import type { Tensor } from '../tensor.js';
import { full, tensor } from './creation.js';
import { type MaxPool2dParams, maxPool2d, poolPrimitives as P } from './pool.js';
import { permute, transpose } from './views.js';

type Pair = [number, number];

/** MaxPool2dParams: stride 1, no padding, no dilation, floor mode unless given. */
const maxParams = (kernelSize: Pair, more: Partial<MaxPool2dParams> = {}): MaxPool2dParams => ({
  kernelSize,
  stride: [1, 1],
  padding: [0, 0],
  dilation: [1, 1],
  ceilMode: false,
  ...more,
});

const doubleBackward = (source: Tensor, x: Tensor, p: MaxPool2dParams) =>
  bind1(P.maxPool2dDoubleBackward, [source, x], p);
const backward = (gradOutput: Tensor, x: Tensor, p: MaxPool2dParams) =>
  bind1(P.maxPool2dBackward, [gradOutput, x], p);

/** The sum of the products of two tensors' elements, in float64. */
function inner(a: Tensor, b: Tensor): number {
  const [u, v] = [a.toTypedArray(), b.toTypedArray()];
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum += u[i]! * v[i]!;
  return sum;
}

/** A [n, c, h, w] or [c, h, w] tensor of `data`, contiguous or channels-last (permuted from [n, h, w, c]). */
function image(data: Float32Array, shape: number[], channelsLast: boolean): Tensor {
  if (!channelsLast) return tensor(data, shape);
  const [c, h, w] = shape.slice(-3) as [number, number, number];
  const batched = shape.length === 4;
  return permute(tensor(data, [...shape.slice(0, -3), h, w, c]), batched ? [0, 3, 1, 2] : [2, 0, 1]);
}

const int = (min: number, max: number) => fc.integer({ min, max });
const pair = (min: number, max: number) => fc.tuple(int(min, max), int(min, max)) as fc.Arbitrary<Pair>;

/** Random max poolings PyTorch accepts (padding at most half the dilated kernel) over inputs of 1 to 9 pixels a side. */
const poolings = fc
  .record({
    n: fc.constantFrom(null, 1, 2),
    c: int(1, 3),
    size: pair(1, 9),
    kernelSize: pair(1, 4),
    stride: pair(1, 3),
    dilation: pair(1, 3),
    padding: pair(0, 3),
    ceilMode: fc.boolean(),
    values: fc.constantFrom('ties', 'floats', 'specials'),
    xChannelsLast: fc.boolean(),
    sourceTransposed: fc.boolean(),
    seed: int(0, 10_000),
  })
  .filter(({ kernelSize: k, dilation: d, padding: p }) =>
    [0, 1].every((i) => p[i]! <= Math.floor(((k[i]! - 1) * d[i]! + 1) / 2)),
  );

describe('maxPool2dDoubleBackward', () => {
  it('is the transpose of maxPool2dBackward in gradOutput: <doubleBackward(s, x), g> = <s, backward(g, x)>', () => {
    fc.assert(
      fc.property(poolings, (r) => {
        const { kernelSize, stride, padding, dilation, ceilMode } = r;
        const p = { kernelSize, stride, padding, dilation, ceilMode };
        const shape = [...(r.n === null ? [] : [r.n]), r.c, ...r.size];
        const count = shape.reduce((a, b) => a * b, 1);
        const values =
          r.values === 'ties'
            ? smallIntegers(count, r.seed, 1).map((v) => v + 1)
            : floats(count, r.seed, r.values === 'specials');
        const x = image(values, shape, r.xChannelsLast);
        let out: Tensor;
        try {
          out = maxPool2d(x, kernelSize, { stride, padding, dilation, ceilMode });
        } catch (e) {
          if (!(e instanceof ShapeError)) throw e;
          return fc.pre(false); // an output too small
        }
        // small integers: both inner products are exact
        const sourceData = smallIntegers(count, r.seed + 1, 3);
        const source = r.sourceTransposed
          ? transpose(tensor(sourceData, [...shape.slice(0, -2), r.size[1], r.size[0]]), -2, -1)
          : tensor(sourceData, shape);
        const g = tensor(smallIntegers(out.numel(), r.seed + 2, 3), out.shape);
        const picked = doubleBackward(source, x, p);
        expect(picked.shape).toEqual(out.shape);
        expect(inner(picked, g)).toBe(inner(source, backward(g, x, p)));
      }),
      { numRuns: 300 },
    );
  });

  it('gives 0 for a window with no tap inside the input (and the forward -inf)', () => {
    // width 1, kernel 2 dilated by 3, padding 2: the two windows of each row read columns -2, 1 and -1, 2
    const p = maxParams([1, 2], { padding: [0, 2], dilation: [1, 3] });
    const x = tensor([1, 2, 3], [1, 1, 3, 1]);
    expect(maxPool2d(x, [1, 2], { stride: 1, padding: [0, 2], dilation: [1, 3] }).toTypedArray()).toEqual(
      new Float32Array(6).fill(Number.NEGATIVE_INFINITY),
    );
    expect(doubleBackward(tensor([4, 5, 6], [1, 1, 3, 1]), x, p).toTypedArray()).toEqual(new Float32Array(6));
  });

  it('refuses a source of another shape than x, naming both shapes', () => {
    const p = maxParams([2, 2], { stride: [2, 2] });
    const x = full([2, 3, 6, 6], 0);
    expect(() => doubleBackward(full([2, 3, 3, 3], 0), x, p)).toThrow(ShapeError);
    expect(() => doubleBackward(full([2, 3, 3, 3], 0), x, p)).toThrow(
      'maxPool2dDoubleBackward(): Expected source of shape [2, 3, 6, 6] (the shape of the input x), but got [2, 3, 3, 3]',
    );
    expect(() => doubleBackward(full([3, 6, 6], 0), x, p)).toThrow('but got [3, 6, 6]');
  });
});
