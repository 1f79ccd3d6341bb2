// The gradient check (vjp against central finite differences, linear in the cotangent) on random shapes drawn by
// fast-check, for the primitives whose rules depend on shapes: broadcasting binary ops (the cotangent summed back to
// each input), unary ops, reductions over random dims kept or dropped, softmax along a random dim, and matmul with
// vectors and broadcast batch dims. The fixed cases of test/gradcheck.test.ts cover every primitive once.
import { broadcastShapes, dimList, shape } from '@bn/testing';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { binaryCase, binaryOps, unaryCase, unaryOps } from './cases/elementwise.js';
import { reductionCase, reductionOps } from './cases/reduce.js';
import { gradcheck } from './gradcheck.js';
import { floats } from './values.js';

const RUNS = { numRuns: 12 };
const seed = fc.integer({ min: 1, max: 10_000 });
const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('vjp equals finite differences on random shapes', () => {
  for (const name of Object.keys(binaryOps)) {
    it(`${name}, broadcast`, () =>
      fc.assert(
        fc.property(broadcastShapes(2), seed, ([a, b], s) => gradcheck(name, binaryCase(name, a!, b!), [s])),
        RUNS,
      ));
  }
  for (const name of Object.keys(unaryOps)) {
    it(name, () =>
      fc.assert(
        fc.property(shape(0, 3), seed, (x, s) => gradcheck(name, unaryCase(name, x), [s])),
        RUNS,
      ),
    );
  }
  for (const name of Object.keys(reductionOps)) {
    it(`${name} over random dims`, () => {
      const reduction = shape(0, 3)
        .chain((x) => fc.tuple(fc.constant(x), dimList(x.length), fc.boolean()))
        // var's correction 1 needs two values per lane (no dims: lanes of one)
        .filter(([x, dims]) => name !== 'var' || numel(dims.map((d) => x[d]!)) > 1);
      fc.assert(
        fc.property(reduction, seed, ([x, dims, keepdim], s) =>
          gradcheck(name, reductionCase(name, x, dims, keepdim), [s]),
        ),
        RUNS,
      );
    });
  }
  for (const name of ['softmax', 'logSoftmax']) {
    it(`${name} along a random dim`, () => {
      const along = shape(1, 3).chain((x) =>
        fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.length - 1 })),
      );
      fc.assert(
        fc.property(along, seed, ([x, dim], s) =>
          gradcheck(name, { params: { dim }, inputs: (t) => [floats(x, t)], wrt: [0] }, [s]),
        ),
        RUNS,
      );
    });
  }
  it('matmul with vectors and broadcast batch dims', () => {
    const size = fc.integer({ min: 1, max: 3 });
    // each operand a vector or a batch of matrices: [m, k] and [k, n] after broadcast batch dims
    const operands = fc
      .tuple(broadcastShapes(2, 2), size, size, size, fc.boolean(), fc.boolean())
      .map(([[batchA, batchB], m, k, n, vectorA, vectorB]): [number[], number[]] => [
        vectorA ? [k] : [...batchA!, m, k],
        vectorB ? [k] : [...batchB!, k, n],
      ]);
    fc.assert(
      fc.property(operands, seed, ([a, b], s) =>
        gradcheck('matmul', { params: {}, inputs: (t) => [floats(a, t), floats(b, t + 7)], wrt: [0, 1] }, [
          s,
        ]),
      ),
      RUNS,
    );
  });
});
