// conv2d and its gradients beyond the PyTorch fixtures: property tests against a direct 7-loop convolution (and its
// gradients summed term by term) over random options and layouts (small integers keep every sum exact), the options
// of the gradients, and the cases where @bn departs from PyTorch 1.13.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kernelFits, type RandomConv, randomConvs } from '../../test/conv-geometries.js';
import { ArgumentTypeError, DTypeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './conv.js';
import { full, tensor } from './creation.js';
import { permute } from './views.js';

/** Small integers in [-3, 3] from a 32-bit LCG. */
function integers(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return ((s >>> 24) % 7) - 3;
  });
}

interface Options {
  stride: [number, number];
  /** [[top, bottom], [left, right]] */
  padding: [[number, number], [number, number]];
  dilation: [number, number];
  groups: number;
}

/**
 * Calls `term(xi, wi, oi)` for every product of a conv2d of an input [n, c, h, w] and a weight [o, c/groups, kh, kw]:
 * input element xi times weight element wi adds into output element oi (flat row-major indices), windows' pixels
 * outside the input skipped. Returns the output's shape.
 */
function forEachTerm(
  [n, c, h, wd]: number[],
  [o, cg, kh, kw]: number[],
  { stride, padding, dilation, groups }: Options,
  term: (xi: number, wi: number, oi: number) => void,
): number[] {
  const size = (d: number, input: number, k: number) =>
    Math.floor((input + padding[d]![0] + padding[d]![1] - dilation[d]! * (k - 1) - 1) / stride[d]!) + 1;
  const [oh, ow] = [size(0, h!, kh!), size(1, wd!, kw!)];
  const og = o! / groups;
  for (let b = 0; b < n!; b++) {
    for (let oc = 0; oc < o!; oc++) {
      const g = Math.floor(oc / og);
      for (let y = 0; y < oh; y++) {
        for (let xx = 0; xx < ow; xx++) {
          const oi = ((b * o! + oc) * oh + y) * ow + xx;
          for (let ic = 0; ic < cg!; ic++) {
            for (let i = 0; i < kh!; i++) {
              for (let j = 0; j < kw!; j++) {
                const row = y * stride[0] - padding[0][0] + i * dilation[0];
                const col = xx * stride[1] - padding[1][0] + j * dilation[1];
                if (row < 0 || row >= h! || col < 0 || col >= wd!) continue;
                term(
                  ((b * c! + g * cg! + ic) * h! + row) * wd! + col,
                  ((oc * cg! + ic) * kh! + i) * kw! + j,
                  oi,
                );
              }
            }
          }
        }
      }
    }
  }
  return [n!, o!, oh, ow];
}

/** out[n, o, y, x] = bias[o] + sum of input * weight over the window, zeros outside the input. */
function directConv(x: Tensor, w: Tensor, bias: Tensor, options: Options) {
  const [xv, wv, bv] = [x.toTypedArray(), w.toTypedArray(), bias.toTypedArray()];
  const terms: [number, number, number][] = [];
  const shape = forEachTerm([...x.shape], [...w.shape], options, (xi, wi, oi) => terms.push([xi, wi, oi]));
  const spatial = shape[2]! * shape[3]!;
  const values = Array.from(
    { length: shape.reduce((a, b) => a * b, 1) },
    (_, i) => bv[Math.floor(i / spatial) % shape[1]!]!,
  );
  for (const [xi, wi, oi] of terms) values[oi]! += xv[xi]! * wv[wi]!;
  return { shape, values };
}

/** conv2d's input and weight gradients for the output gradient `dy`, summed term by term. */
function directGradients(x: Tensor, w: Tensor, dy: Tensor, options: Options): [number[], number[]] {
  const [xv, wv, dyv] = [x.toTypedArray(), w.toTypedArray(), dy.toTypedArray()];
  const dx = new Array<number>(xv.length).fill(0);
  const dw = new Array<number>(wv.length).fill(0);
  forEachTerm([...x.shape], [...w.shape], options, (xi, wi, oi) => {
    dx[xi]! += dyv[oi]! * wv[wi]!;
    dw[wi]! += dyv[oi]! * xv[xi]!;
  });
  return [dx, dw];
}

/** A geometry's operands (small integers) and options. */
function operands(r: RandomConv) {
  const { batch: n, groups, height: h, width: w, kernel, stride, dilation, seed } = r;
  const c = r.cg * groups;
  const o = r.og * groups;
  const x = r.channelsLast
    ? permute(tensor(integers(n * h * w * c, seed), [n, h, w, c]), [0, 3, 1, 2])
    : tensor(integers(n * c * h * w, seed), [n, c, h, w]);
  const weight = tensor(integers(o * r.cg * kernel[0] * kernel[1], seed + 1), [o, r.cg, ...kernel]);
  const [top, bottom, left, right] = r.padding;
  const padding: Options['padding'] = [
    [top, bottom],
    [left, right],
  ];
  return { x, weight, o, options: { stride, padding, dilation, groups } };
}

describe('conv2d', () => {
  it('equals the direct convolution for random sizes, options and input layouts', () => {
    fc.assert(
      fc.property(randomConvs, (p) => {
        const [top, , left] = p.padding;
        const symmetric: RandomConv = { ...p, padding: [top, top, left, left] };
        fc.pre(kernelFits(symmetric));
        const { x, weight, o, options } = operands(symmetric);
        const bias = tensor(integers(o, p.seed + 2), [o]);
        const want = directConv(x, weight, bias, options);
        const padding = [options.padding[0][0], options.padding[1][0]];
        const got = conv2d(x, weight, bias, { ...options, padding });
        expect([...got.shape]).toEqual(want.shape);
        expect(Array.from(got.toTypedArray())).toEqual(want.values);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the bias when the input has no channels (PyTorch 1.13 returns an empty tensor instead)', () => {
    const out = conv2d(full([2, 0, 4, 4], 0), full([3, 0, 3, 3], 0), tensor([1, 2, 3]), { padding: 1 });
    expect([...out.shape]).toEqual([2, 3, 4, 4]);
    expect(Array.from(out.toTypedArray())).toEqual(
      Array.from({ length: 96 }, (_, i) => (Math.floor(i / 16) % 3) + 1),
    );
  });

  it('refuses int32 tensors (PyTorch convolves integers; @bn is float32 only)', () => {
    const x = full([1, 2, 4, 4], 1, { dtype: 'int32' });
    const w = full([1, 2, 3, 3], 1, { dtype: 'int32' });
    expect(() => conv2d(x, w)).toThrow(DTypeError);
  });
});

describe('conv2d gradients', () => {
  it('equal the direct gradients for random sizes, options (asymmetric padding too) and layouts', () => {
    fc.assert(
      fc.property(randomConvs, (p) => {
        const { x, weight, options } = operands(p);
        const shape = forEachTerm([...x.shape], [...weight.shape], options, () => {});
        const dy = tensor(
          integers(
            shape.reduce((a, b) => a * b, 1),
            p.seed + 3,
          ),
          shape,
        );
        const [dx, dw] = directGradients(x, weight, dy, options);
        const gotX = conv2dBackwardInput(dy, weight, [p.height, p.width], options);
        const gotW = conv2dBackwardWeight(dy, x, p.kernel, options);
        expect([...gotX.shape]).toEqual([...x.shape]);
        expect([...gotW.shape]).toEqual([...weight.shape]);
        expect(Array.from(gotX.toTypedArray())).toEqual(dx);
        expect(Array.from(gotW.toTypedArray())).toEqual(dw);
      }),
      { numRuns: 150 },
    );
  });

  it("take conv2d's options, padding as one number, a pair, 'same' or [[top, bottom], [left, right]]", () => {
    const dy = tensor(integers(2 * 3 * 5 * 4, 1), [2, 3, 5, 4]);
    const w = tensor(integers(3 * 2 * 2 * 3, 2), [3, 2, 2, 3]);
    const x = tensor(integers(2 * 2 * 5 * 4, 3), [2, 2, 5, 4]);
    const same = { padding: 'same' } as const;
    const pairs = {
      padding: [
        [0, 1],
        [1, 1],
      ] as const,
    };
    expect(conv2dBackwardInput(dy, w, [5, 4], same).toArray()).toEqual(
      conv2dBackwardInput(dy, w, [5, 4], pairs).toArray(),
    );
    expect(conv2dBackwardWeight(dy, x, [2, 3], same).toArray()).toEqual(
      conv2dBackwardWeight(dy, x, [2, 3], pairs).toArray(),
    );
  });

  it('refuse sizes that are not [height, width] of integers', () => {
    const dy = full([1, 2, 3, 3], 1);
    const w = full([2, 1, 3, 3], 1);
    expect(() => conv2dBackwardInput(dy, w, [5])).toThrow(ValueError);
    expect(() => conv2dBackwardInput(dy, w, [5, 5.5])).toThrow(ValueError);
    expect(() => conv2dBackwardInput(dy, w, ['5', 5] as never)).toThrow(ArgumentTypeError);
    expect(() => conv2dBackwardWeight(dy, full([1, 1, 5, 5], 1), [3, -1])).toThrow(ValueError);
    expect(() => conv2dBackwardInput(dy, w, [5, 5], { padding: [[1, 0], [0]] })).toThrow(ValueError);
  });

  it('leave conv2d refusing padding given per side, as PyTorch does', () => {
    const padding = [
      [1, 0],
      [0, 1],
    ] as never;
    expect(() => conv2d(full([1, 1, 3, 3], 1), full([1, 1, 2, 2], 1), null, { padding })).toThrow(
      ArgumentTypeError,
    );
  });
});
