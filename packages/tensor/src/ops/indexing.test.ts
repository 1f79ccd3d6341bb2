// Joining and indexing ops: fresh outputs, and algebraic identities between them on random shapes (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinct } from '../../test/distinct.js';
import type { Tensor } from '../tensor.js';
import { arange, tensor } from './creation.js';
import { cat, flip, gather, indexSelect, oneHot, stack } from './indexing.js';

const values = (t: Tensor) => Array.from(t.toTypedArray());

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });

describe('outputs are fresh tensors', () => {
  it('cat, flip, gather and indexSelect never alias their input', () => {
    const x = distinct([2, 3], false);
    const outs = [
      cat([x]),
      flip(x, []),
      gather(x, 1, tensor([[0, 1, 2]], undefined, { dtype: 'int32' })),
      indexSelect(x, 0, tensor([0, 1], undefined, { dtype: 'int32' })),
    ];
    for (const o of outs) {
      expect(o.storage).not.toBe(x.storage);
      expect(o.isContiguous()).toBe(true);
    }
  });

  it('cat skips 1-D empty tensors but promotes with their dtype', () => {
    const x = arange(4).reshape(2, 2);
    const out = cat([x, tensor([], [0])], 1);
    expect(out.dtype).toBe('float32');
    expect(out.toArray()).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('oneHot infers the number of classes from the values', () => {
    const out = oneHot(tensor([2, 0], undefined, { dtype: 'int32' }));
    expect(out.shape).toEqual([2, 3]);
    expect(values(out)).toEqual([0, 0, 1, 1, 0, 0]);
  });
});

describe('identities (property)', () => {
  const opts = { numRuns: 60 };

  it('cat then narrow gives the pieces back', () => {
    fc.assert(
      fc.property(
        shapeArb,
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (shape, sizes, strided) => {
          const dim = shape.length - 1;
          const pieces = sizes.map((s) => distinct([...shape.slice(0, -1), s], strided));
          const out = cat(pieces, -1);
          let start = 0;
          for (const p of pieces) {
            expect(values(out.narrow(dim, start, p.shape[dim]!))).toEqual(values(p));
            start += p.shape[dim]!;
          }
          expect(out.shape[dim]).toBe(start);
        },
      ),
      opts,
    );
  });

  it('stack then select gives each tensor back', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 3 }), fc.nat(), (shape, n, d) => {
        const dim = d % (shape.length + 1);
        const xs = Array.from({ length: n }, (_, i) => distinct(shape, i % 2 === 1, 100 * i));
        const out = stack(xs, dim);
        xs.forEach((x, i) => {
          expect(values(out.select(dim, i))).toEqual(values(x));
        });
      }),
      opts,
    );
  });

  it('flip twice is the identity, and flip reverses the order along the dim', () => {
    fc.assert(
      fc.property(shapeArb, fc.boolean(), fc.nat(), (shape, strided, d) => {
        const x = distinct(shape, strided);
        const dim = d % shape.length;
        expect(values(flip(flip(x, dim), dim))).toEqual(values(x));
        const last = shape[dim]! - 1;
        expect(values(flip(x, dim).select(dim, 0))).toEqual(values(x.select(dim, last)));
      }),
      opts,
    );
  });

  it('indexSelect equals gather with the index expanded along the other dims', () => {
    fc.assert(
      fc.property(
        shapeArb,
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        (shape, d, raw, strided) => {
          const x = distinct(shape, strided);
          const dim = d % shape.length;
          const index = tensor(
            raw.map((r) => r % shape[dim]!),
            [raw.length],
            { dtype: 'int32' },
          );
          const viewShape = shape.map((_, i) => (i === dim ? raw.length : 1));
          const target = shape.map((s, i) => (i === dim ? raw.length : s));
          const gathered = gather(x, dim, index.reshape(viewShape).expand(target));
          expect(values(indexSelect(x, dim, index))).toEqual(values(gathered));
        },
      ),
      opts,
    );
  });
});
