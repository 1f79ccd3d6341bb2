// The WebAssembly per-channel affine map (BatchNorm's normalisation) against the TypeScript kernel on random
// [N, C, S] planes with nan and infinities: both compute in float64 with one rounding, so results must be equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floats } from '../../test/floats.js';
import { jsKernels } from '../kernels/index.js';
import { wasmKernels } from './index.js';
import { wasmRuntime } from './runtime/instance.js';

const wasm = wasmKernels(wasmRuntime()!);

describe('affineByGroup equals the TypeScript kernel', () => {
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
          const view = {
            data: x,
            offset: 2,
            outerShape: [c],
            outerStrides: [size],
            innerShape: [n, size],
            innerStrides: [c * size, 1],
          };
          const [want, got] = [new Float32Array(n * c * size), new Float32Array(n * c * size)];
          const into = (data: Float32Array) => ({
            data,
            offset: 0,
            outerStrides: [size],
            innerStrides: [c * size, 1],
          });
          jsKernels.affineByGroup(view, into(want), scale, shift, null, null);
          wasm.affineByGroup(view, into(got), scale, shift, null, null);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});
