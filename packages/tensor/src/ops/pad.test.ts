// F.pad: every mode's index map, outputs that never alias the input, and constant padding undone by the
// opposite crop on random shapes (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinct } from '../../test/distinct.js';
import { padIndexMap } from '../kernels/pad.js';
import type { Tensor } from '../tensor.js';
import { pad } from './pad.js';

const values = (t: Tensor) => Array.from(t.toTypedArray());
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
const opts = { numRuns: 60 };

describe('padIndexMap', () => {
  it('maps each mode as F.pad does on [0, 1, 2]', () => {
    expect(Array.from(padIndexMap('constant', 3, 2, 1))).toEqual([-1, -1, 0, 1, 2, -1]);
    expect(Array.from(padIndexMap('reflect', 3, 2, 2))).toEqual([2, 1, 0, 1, 2, 1, 0]);
    expect(Array.from(padIndexMap('replicate', 3, 2, 1))).toEqual([0, 0, 0, 1, 2, 2]);
    expect(Array.from(padIndexMap('circular', 3, 2, 3))).toEqual([1, 2, 0, 1, 2, 0, 1, 2]);
    // crop one on the left, then wrap within what is left ([1, 2])
    expect(Array.from(padIndexMap('circular', 3, -1, 1))).toEqual([1, 2, 1]);
  });
});

describe('pad', () => {
  it('never aliases its input', () => {
    const x = distinct([2, 3], false);
    const out = pad(x, [0, 0]);
    expect(out.storage).not.toBe(x.storage);
    expect(values(out)).toEqual(values(x));
  });

  it('constant pad then the opposite crop is the identity', () => {
    fc.assert(
      fc.property(
        shapeArb,
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }),
        fc.boolean(),
        (shape, p, strided) => {
          const x = distinct(shape, strided);
          const padded = pad(x, p, { value: -1 });
          expect(padded.shape[shape.length - 1]).toBe(shape[shape.length - 1]! + p[0]! + p[1]!);
          expect(values(pad(padded, [-p[0]!, -p[1]!]))).toEqual(values(x));
        },
      ),
      opts,
    );
  });
});
