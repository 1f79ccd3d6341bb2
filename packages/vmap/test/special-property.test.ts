// The property for the primitives whose results are not a function of each member alone, over random shapes,
// in-dims, out-dims and batch sizes: psum/pmean equal the reduction of the loop over members, seen by every
// member; 'different' draws equal one draw of [B, ...shape] from an identically seeded generator (moved to the
// out-dim); dropout's members are the input's members times masks from that one draw.
import {
  dropout,
  expand,
  Generator,
  mean,
  movedim,
  mul,
  ones,
  pmean,
  psum,
  rand,
  randint,
  randn,
  randperm,
  stack,
  sum,
  type Tensor,
  unsqueeze,
} from '@bn/tensor';
import { expectClose, shape } from '@bn/testing';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { vmap } from '../src/index.js';
import { pickDim } from './property.js';
import { floats } from './values.js';

/** A dim for a member of rank `rank` with the batch dim inserted, from a random integer (never null here). */
const dimOf = (rank: number, choice: number) => pickDim(choice, rank) ?? 0;

/** A batch of `b` members of shape `s` stacked along in-dim `d` (picked from a random integer). */
const batchOf = (s: number[], b: number, choice: number) => {
  const d = dimOf(s.length, choice);
  const members = Array.from({ length: b }, (_, i) => floats(s, i + 1));
  return { x: stack(members, d), d, members };
};

describe('property: collectives equal the reduction of the loop, broadcast to every member', () => {
  for (const [name, op, reduce] of [
    ['psum', psum, sum],
    ['pmean', pmean, mean],
  ] as const) {
    it(name, () => {
      fc.assert(
        fc.property(
          shape(0, 3),
          fc.integer({ min: 1, max: 4 }),
          fc.nat(99),
          fc.nat(99),
          (s, b, inChoice, outChoice) => {
            const { x, d, members } = batchOf(s, b, inChoice);
            const o = dimOf(s.length, outChoice);
            const out = vmap((v: Tensor) => op(v, 'i'), { inDims: d, outDims: o, axisName: 'i' })(x);
            const total = reduce(stack(members), 0);
            expectClose(out, movedim(expand(unsqueeze(total, 0), [b, ...s]), 0, o), 1e-5, 1e-6, name);
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});

describe("property: 'different' draws equal one draw of [B, ...shape] from the same seed", () => {
  const draws: Record<string, (shape: number[], generator: Generator) => Tensor> = {
    randn: (s, generator) => randn(s, { generator }),
    rand: (s, generator) => rand(s, { generator }),
    randint: (s, generator) => randint(-2, 5, s, { generator }),
  };
  for (const [name, draw] of Object.entries(draws)) {
    it(name, () => {
      fc.assert(
        fc.property(
          shape(0, 3),
          fc.integer({ min: 0, max: 4 }),
          fc.nat(99),
          fc.nat(1000),
          (s, b, outChoice, seed) => {
            const o = dimOf(s.length, outChoice);
            const g = new Generator(seed);
            const out = vmap((_: Tensor) => draw(s, g), { outDims: o, randomness: 'different' })(
              floats([b], 0),
            );
            expectClose(out, movedim(draw([b, ...s], new Generator(seed)), 0, o), 0, 0, name);
          },
        ),
        { numRuns: 30 },
      );
    });
  }

  it('randperm: member i is the i-th of B permutations drawn in turn', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        (n, b, seed) => {
          const g = new Generator(seed);
          const out = vmap((_: Tensor) => randperm(n, { generator: g }), { randomness: 'different' })(
            floats([b], 0),
          );
          const h = new Generator(seed);
          const expected = stack(Array.from({ length: b }, () => randperm(n, { generator: h })));
          expectClose(out, expected, 0, 0, 'randperm');
        },
      ),
      { numRuns: 30 },
    );
  });

  it('dropout: members times the masks of one draw over [B, ...shape]', () => {
    fc.assert(
      fc.property(
        shape(0, 3),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(99),
        fc.nat(1000),
        (s, b, inChoice, seed) => {
          const { x, d, members } = batchOf(s, b, inChoice);
          const g = new Generator(seed);
          const out = vmap((v: Tensor) => dropout(v, 0.4, { generator: g }), {
            inDims: d,
            randomness: 'different',
          })(x);
          const masks = dropout(ones([b, ...s]), 0.4, {
            generator: new Generator(seed),
          });
          expectClose(out, mul(stack(members), masks), 1e-6, 1e-7, 'dropout');
        },
      ),
      { numRuns: 30 },
    );
  });
});
