// The WebAssembly ReLU and addition rows against the TypeScript rows on long rows (the ones WebAssembly takes) at
// random offsets, with nan, infinities and signed zeros: exact ops, so the results must be equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floats } from '../../test/floats.js';
import { BINARY_ROWS } from '../kernels/elementwise-binary.js';
import { UNARY_ROWS } from '../kernels/elementwise-unary.js';
import { wasmKernels } from './index.js';
import { wasmRuntime } from './runtime/instance.js';

const wasm = wasmKernels(wasmRuntime()!);

/** The shortest row the WebAssembly backend takes (shorter ones stay in JS). */
const LONG_ROW = 4096;

describe('the ReLU and addition rows equal the TypeScript rows', () => {
  it('on random lengths and offsets, with nan, infinities and signed zeros', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: LONG_ROW, max: LONG_ROW + 70 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, off, seed) => {
          const x = floats(off + n, seed, true);
          const y = floats(off + n, seed + 1, true);
          x[off] = -0;
          const [want, got] = [new Float32Array(n + 1), new Float32Array(n + 1)];
          UNARY_ROWS.relu(n, want, 1, 1, x, off, 1);
          wasm.unaryRow('relu')(n, got, 1, 1, x, off, 1);
          expect(got).toEqual(want);
          BINARY_ROWS.add(n, want, 1, 1, x, off, 1, y, off, 1);
          wasm.binaryRow('add')(n, got, 1, 1, x, off, 1, y, off, 1);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 50 },
    );
  });
});
