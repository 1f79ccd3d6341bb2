// The WebAssembly max pooling against the TypeScript kernel on random windows (padding, strides and dilation over
// odd and prime sizes; nan and infinities in the data; strided inputs). Max is exact: the results must be equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floats } from '../../test/floats.js';
import type { ImageBatch, Kernels, PoolWindow } from '../kernel-interface.js';
import { jsKernels } from '../kernels/index.js';
import { wasmKernels } from './index.js';
import { wasmRuntime } from './runtime/instance.js';

const wasm = wasmKernels(wasmRuntime()!);

/** `kernels`' max pooling of `x` into a fresh output. */
function pooled(kernels: Kernels, x: ImageBatch, outH: number, outW: number, w: PoolWindow): Float32Array {
  const out = new Float32Array(x.shape[0] * x.shape[1] * outH * outW).fill(Number.NaN);
  kernels.maxPool2d(x, outH, outW, w, out);
  return out;
}

describe('maxPool2d equals the TypeScript kernel', () => {
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
          const x: ImageBatch = {
            data,
            offset: 1,
            shape: [n, c, h, w],
            strides: r.channelsLast ? [h * w * c, 1, w * c, c] : [c * h * w, h * w, w, 1],
          };
          const window = { kernelSize: r.kernel, stride: r.stride, padding: r.pad, dilation: r.dilation };
          expect(pooled(wasm, x, outH, outW, window)).toEqual(pooled(jsKernels, x, outH, outW, window));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("on ResNet's 3x3 stride-2 pool of a 112x112 map", () => {
    const x: ImageBatch = {
      data: floats(2 * 3 * 112 * 112, 5),
      offset: 0,
      shape: [2, 3, 112, 112],
      strides: [3 * 112 * 112, 112 * 112, 112, 1],
    };
    const window = { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1] } as const;
    expect(pooled(wasm, x, 56, 56, window)).toEqual(pooled(jsKernels, x, 56, 56, window));
  });
});
