// The WebAssembly max pooling, per-channel affine map, ReLU and addition against the TypeScript kernels on random shapes
// (windows with padding, strides and dilation over odd and prime sizes; nan and infinities in the data;
// strided inputs). Max is exact and the affine map shares the TypeScript kernel's float64 arithmetic, so the
// results must be equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BINARY_ROWS } from '../kernels/elementwise-binary.js';
import { UNARY_ROWS } from '../kernels/elementwise-unary.js';
import { affineByGroup } from '../kernels/norm.js';
import { maxPool2dKernel, type PoolInput } from '../kernels/pool.js';
import { addRange, reluRange } from './elementwise.js';
import { affinePlanes } from './norm.js';
import { wasmRuntime } from './runtime/instance.js';
import { maxPool2d } from './runtime/windows.js';

/** Deterministic floats in [-1, 1) (a 32-bit LCG), with nan and +-inf sprinkled when `specials`. */
function floats(n: number, seed: number, specials = false): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
    if (specials && s % 53 === 0)
      out[i] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][s % 3]!;
  }
  return out;
}

const rt = wasmRuntime()!;

describe('max_pool equals maxPool2dKernel', () => {
  it('on random windows, sizes and layouts', () => {
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 3 }),
          c: fc.integer({ min: 1, max: 4 }),
          h: fc.integer({ min: 1, max: 13 }),
          w: fc.integer({ min: 1, max: 13 }),
          kernel: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
          stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
          pad: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
          channelsLast: fc.boolean(),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (r) => {
          // PyTorch's rules: padding at most half the kernel, windows that start inside the padded input
          fc.pre(r.pad[0] * 2 <= r.kernel[0] && r.pad[1] * 2 <= r.kernel[1]);
          const outH =
            Math.floor((r.h + 2 * r.pad[0] - r.dilation[0] * (r.kernel[0] - 1) - 1) / r.stride[0]) + 1;
          const outW =
            Math.floor((r.w + 2 * r.pad[1] - r.dilation[1] * (r.kernel[1] - 1) - 1) / r.stride[1]) + 1;
          fc.pre(outH > 0 && outW > 0);
          const data = floats(1 + r.n * r.c * r.h * r.w, r.seed, true);
          const { n, c, h, w } = r;
          const x: PoolInput = {
            data,
            offset: 1,
            shape: [n, c, h, w],
            strides: r.channelsLast ? [h * w * c, 1, w * c, c] : [c * h * w, h * w, w, 1],
          };
          const window = { kernelSize: r.kernel, stride: r.stride, padding: r.pad, dilation: r.dilation };
          expect(maxPool2d(rt, x, outH, outW, window)).toEqual(maxPool2dKernel(x, outH, outW, window));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("on ResNet's 3x3 stride-2 pool of a 112x112 map", () => {
    const x: PoolInput = {
      data: floats(2 * 3 * 112 * 112, 5),
      offset: 0,
      shape: [2, 3, 112, 112],
      strides: [3 * 112 * 112, 112 * 112, 112, 1],
    };
    const window = { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1] } as const;
    expect(maxPool2d(rt, x, 56, 56, window)).toEqual(maxPool2dKernel(x, 56, 56, window));
  });
});

describe('affine_planes equals affineByGroup', () => {
  it('on random [N, C, S] planes, odd and even plane sizes, specials in the data', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 41 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, c, size, seed) => {
          const x = floats(2 + n * c * size, seed, true);
          const scale = Float64Array.from(floats(c, seed + 1), (v) => v * 300);
          const shift = Float64Array.from(floats(c, seed + 2), (v) => v / 7);
          const want = new Float32Array(n * c * size);
          affineByGroup(
            {
              data: x,
              offset: 2,
              outerShape: [c],
              outerStrides: [size],
              innerShape: [n, size],
              innerStrides: [c * size, 1],
            },
            { data: want, offset: 0, outerStrides: [size], innerStrides: [c * size, 1] },
            scale,
            shift,
            null,
            null,
          );
          const got = new Float32Array(n * c * size);
          affinePlanes(rt, x, 2, n * c, size, scale, shift, got);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('relu_range and add_range equal the TypeScript rows', () => {
  it('on random lengths and offsets, with nan, infinities and signed zeros', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, off, seed) => {
          const x = floats(off + n, seed, true);
          const y = floats(off + n, seed + 1, true);
          x[off] = -0;
          const [want, got] = [new Float32Array(n + 1), new Float32Array(n + 1)];
          UNARY_ROWS.relu(n, want, 1, 1, x, off, 1);
          reluRange(rt, n, got, 1, x, off);
          expect(got).toEqual(want);
          BINARY_ROWS.add(n, want, 1, 1, x, off, 1, y, off, 1);
          addRange(rt, n, got, 1, x, off, y, off);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});
