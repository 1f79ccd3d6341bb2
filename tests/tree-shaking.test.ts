// "sideEffects": false is true of the packages: a tiny app that imports only `vmap` and `conv2d` (and `tensor` for
// its data), bundled by esbuild with tree-shaking on, drops the ops it does not use yet keeps every primitive and
// batching rule its call needs, and computes the convolution a plain loop computes.
import { describe, expect, it } from 'vitest';
import { bundle, runBundle } from './bundle.js';

const APP = `
import { conv2d, tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
const x = tensor(Array.from({ length: 2 * 3 * 5 * 5 }, (_, i) => (i % 7) - 3), [2, 3, 5, 5]);
const w = tensor(Array.from({ length: 4 * 3 * 3 * 3 }, (_, i) => (i % 5) - 2), [4, 3, 3, 3]);
const mapped = vmap((image) => conv2d(image, w, null, { padding: 1 }))(x);
console.log(JSON.stringify(mapped.toArray()));
`;

/** The app's convolution as a plain loop: [2, 4, 5, 5] from the same integer data, padding 1 (exact sums). */
function naiveConv(): number[][][][] {
  const x = (n: number, c: number, h: number, w: number) => ((((n * 3 + c) * 5 + h) * 5 + w) % 7) - 3;
  const k = (o: number, c: number, i: number, j: number) => ((((o * 3 + c) * 3 + i) * 3 + j) % 5) - 2;
  const at = (size: number) => Array.from({ length: size }, (_, i) => i);
  return at(2).map((n) =>
    at(4).map((o) =>
      at(5).map((y) =>
        at(5).map((xx) => {
          let sum = 0;
          for (const c of at(3))
            for (const i of at(3))
              for (const j of at(3)) {
                const [h, w] = [y + i - 1, xx + j - 1];
                if (h >= 0 && h < 5 && w >= 0 && w < 5) sum += x(n, c, h, w) * k(o, c, i, j);
              }
          return sum;
        }),
      ),
    ),
  );
}

describe('tree-shaking', () => {
  it('a bundle of vmap and conv2d runs, and leaves the unused ops out', async () => {
    const code = await bundle(APP, { treeShaking: true });
    // ops/loss.ts and ops/pad.ts are not reached from vmap or conv2d: their messages are gone
    expect(code).not.toContain('label_smoothing must be between');
    expect(code).not.toContain('Padding value causes wrapping around');
    // conv2d's own checks and vmap's rule for it are there
    expect(code).toContain("Kernel size can't be greater than actual input size");
    expect(runBundle(code)).toEqual(naiveConv());
  });
});
