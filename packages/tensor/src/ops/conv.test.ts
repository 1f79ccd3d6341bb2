// conv2d beyond the PyTorch fixtures: a property test against a direct 7-loop convolution over random options
// and layouts (small integers keep every sum exact), and the cases where @bn departs from PyTorch 1.13.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { conv2d } from './conv.js';
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
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** out[n, o, y, x] = bias[o] + sum of input * weight over the window, zeros outside the input. */
function directConv(x: Tensor, w: Tensor, bias: Tensor, { stride, padding, dilation, groups }: Options) {
  const [n, c, h, wd] = x.shape as number[];
  const [o, cg, kh, kw] = w.shape as number[];
  const xv = x.toTypedArray();
  const wv = w.toTypedArray();
  const bv = bias.toTypedArray();
  const oh = Math.floor((h! + 2 * padding[0] - dilation[0] * (kh! - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((wd! + 2 * padding[1] - dilation[1] * (kw! - 1) - 1) / stride[1]) + 1;
  const og = o! / groups;
  const out: number[] = [];
  for (let b = 0; b < n!; b++) {
    for (let oc = 0; oc < o!; oc++) {
      const g = Math.floor(oc / og);
      for (let y = 0; y < oh; y++) {
        for (let xx = 0; xx < ow; xx++) {
          let acc = bv[oc]!;
          for (let ic = 0; ic < cg!; ic++) {
            for (let i = 0; i < kh!; i++) {
              for (let j = 0; j < kw!; j++) {
                const row = y * stride[0] - padding[0] + i * dilation[0];
                const col = xx * stride[1] - padding[1] + j * dilation[1];
                if (row < 0 || row >= h! || col < 0 || col >= wd!) continue;
                const xi = ((b * c! + g * cg! + ic) * h! + row) * wd! + col;
                acc += xv[xi]! * wv[((oc * cg! + ic) * kh! + i) * kw! + j]!;
              }
            }
          }
          out.push(acc);
        }
      }
    }
  }
  return { shape: [n, o, oh, ow], values: out };
}

describe('conv2d', () => {
  it('equals the direct convolution for random sizes, options and input layouts', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 7 }), // several images per GEMM block, and a partial last block
          groups: fc.integer({ min: 1, max: 3 }),
          cg: fc.integer({ min: 1, max: 3 }),
          og: fc.integer({ min: 1, max: 3 }),
          h: fc.integer({ min: 1, max: 9 }),
          w: fc.integer({ min: 1, max: 9 }),
          kh: fc.integer({ min: 1, max: 4 }),
          kw: fc.integer({ min: 1, max: 4 }),
          stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          padding: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
          dilation: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          channelsLast: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1 << 20 }),
        }),
        (p) => {
          const { n, groups, h, w, kh, kw, stride, padding, dilation, seed } = p;
          fc.pre(
            h + 2 * padding[0] >= dilation[0] * (kh - 1) + 1 &&
              w + 2 * padding[1] >= dilation[1] * (kw - 1) + 1,
          );
          const c = p.cg * groups;
          const o = p.og * groups;
          const x = p.channelsLast
            ? permute(tensor(integers(n * h * w * c, seed), [n, h, w, c]), [0, 3, 1, 2])
            : tensor(integers(n * c * h * w, seed), [n, c, h, w]);
          const weight = tensor(integers(o * p.cg * kh * kw, seed + 1), [o, p.cg, kh, kw]);
          const bias = tensor(integers(o, seed + 2), [o]);
          const options = { stride, padding, dilation, groups };
          const want = directConv(x, weight, bias, options);
          const got = conv2d(x, weight, bias, options);
          expect([...got.shape]).toEqual(want.shape);
          expect(Array.from(got.toTypedArray())).toEqual(want.values);
        },
      ),
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
