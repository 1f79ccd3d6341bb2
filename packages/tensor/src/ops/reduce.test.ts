// Reductions beyond the fixtures: a property test of sum/mean/amax/var over random shapes, permutations and dim
// subsets against an independent float64 nested loop, and the normalised params the primitives receive.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BnError, RuntimeError } from '../errors.js';
import { type Interpreter, withInterpreter } from '../interpreter.js';
import type { Primitive } from '../primitive.js';
import { Tensor } from '../tensor.js';
import { tensor } from './creation.js';
import { amax, argmax, logsumexp, max, mean, sum, variance } from './reduce.js';
import { permute } from './views.js';

interface Case {
  shape: number[];
  values: Float32Array;
  perm: number[];
  /** Dims of the permuted view, possibly negative and unsorted; null for all. */
  dims: number[] | null;
  keepdim: boolean;
}

const caseArb: fc.Arbitrary<Case> = fc
  .array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 })
  .chain((shape) => {
    const n = shape.reduce((a, s) => a * s, 1);
    const axes = shape.map((_, d) => d);
    const dimsArb =
      axes.length === 0
        ? fc.constant(null)
        : fc.option(
            fc
              .shuffledSubarray(axes, { minLength: 1 })
              .chain((ds) =>
                fc
                  .array(fc.boolean(), { minLength: ds.length, maxLength: ds.length })
                  .map((neg) => ds.map((d, i) => (neg[i] ? d - axes.length : d))),
              ),
          );
    return fc.record({
      shape: fc.constant(shape),
      values: fc.float32Array({ minLength: n, maxLength: n, min: -1e3, max: 1e3, noNaN: true }),
      perm: fc.shuffledSubarray(axes, { minLength: axes.length, maxLength: axes.length }),
      dims: dimsArb,
      keepdim: fc.boolean(),
    });
  });

/** The permuted view's values grouped by output element, each group in row-major order of the reduced dims. */
function groupByOutput(c: Case): { outShape: number[]; groups: number[][]; reduced: Set<number> } {
  const view = c.perm.map((p) => c.shape[p]!);
  const reduced = new Set(
    c.dims === null ? view.map((_, d) => d) : c.dims.map((d) => (d + view.length) % view.length),
  );
  const outShape = view.flatMap((s, d) => (reduced.has(d) ? (c.keepdim ? [1] : []) : [s]));
  const kept = view.filter((_, d) => !reduced.has(d)).reduce((a, s) => a * s, 1);
  const groups: number[][] = Array.from({ length: kept }, () => []);
  const index = view.map(() => 0);
  for (let k = 0; k < c.values.length; k++) {
    let flat = 0;
    for (let b = 0; b < c.shape.length; b++) flat = flat * c.shape[b]! + index[c.perm.indexOf(b)]!;
    let out = 0;
    for (let d = 0; d < view.length; d++) if (!reduced.has(d)) out = out * view[d]! + index[d]!;
    groups[out]!.push(c.values[flat]!);
    for (let d = view.length - 1; d >= 0; d--) {
      if (++index[d]! < view[d]!) break;
      index[d] = 0;
    }
  }
  return { outShape, groups, reduced };
}

const total = (g: number[]) => g.reduce((a, v) => a + v, 0);
const REFERENCE: Record<string, (g: number[]) => number> = {
  sum: total,
  mean: (g) => total(g) / g.length,
  amax: (g) => Math.max(...g),
  var: (g) => {
    const m = total(g) / g.length;
    return g.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(0, g.length - 1);
  },
};
const OPS: Record<string, (x: Tensor, dims: number[] | null, keepdim: boolean) => Tensor> = {
  sum: (x, dims, keepdim) => sum(x, dims, { keepdim }),
  mean: (x, dims, keepdim) => mean(x, dims, { keepdim }),
  amax: (x, dims, keepdim) => amax(x, dims, { keepdim }),
  var: (x, dims, keepdim) => variance(x, dims, { keepdim }),
};

/**
 * Tolerance: the float64 result rounded to float32 (half an ulp, 2^-24 relative) with one more ulp of slack for
 * a different float64 summation order; infinities and nan must match exactly.
 */
function expectClose(got: number, want: number): void {
  if (!Number.isFinite(want)) {
    expect(Number.isNaN(want) ? Number.isNaN(got) : got === want, `${got} vs ${want}`).toBe(true);
    return;
  }
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(2 ** -23 * Math.abs(want) + 1e-40);
}

describe('reductions against a float64 nested loop', () => {
  for (const op of Object.keys(OPS)) {
    it(`${op} over random shapes, permutations and dims`, () => {
      fc.assert(
        fc.property(caseArb, (c) => {
          const x = permute(tensor(c.values, c.shape), c.perm);
          const { outShape, groups, reduced } = groupByOutput(c);
          if (op === 'amax' && [...reduced].some((d) => x.shape[d] === 0)) {
            expect(() => OPS[op]!(x, c.dims, c.keepdim)).toThrow(BnError);
            return;
          }
          const out = OPS[op]!(x, c.dims, c.keepdim);
          expect([...out.shape]).toEqual(outShape);
          const got = out.toTypedArray();
          groups.forEach((g, i) => {
            expectClose(got[i]!, REFERENCE[op]!(g));
          });
        }),
      );
    });
  }
});

/** Records the primitive calls it is handed instead of running them. */
class Recorder implements Interpreter {
  readonly name = 'recorder';
  readonly calls: { name: string; params: unknown }[] = [];
  constructor(readonly level: number) {}
  process<P>(prim: Primitive<P>, _inputs: readonly (Tensor | null)[], params: P): Tensor[] {
    this.calls.push({ name: prim.name, params });
    return [Tensor.wrap(this, null, [], 'float32'), Tensor.wrap(this, null, [], 'int32')];
  }
  readout(): never {
    throw new RuntimeError('recorder: no values');
  }
}

describe('reduction params', () => {
  it('are normalised: non-negative sorted dims, explicit keepdim and correction, all dims spelled out', () => {
    const calls = withInterpreter(
      (level) => new Recorder(level),
      (rec) => {
        const x = Tensor.wrap(rec, null, [2, 3, 4], 'float32');
        sum(x, [-1, 0]);
        mean(x, -2, { keepdim: true });
        variance(x);
        logsumexp(x, []);
        argmax(x, -1);
        argmax(x);
        max(x, -3);
        return rec.calls;
      },
    );
    expect(calls).toEqual([
      { name: 'sum', params: { dims: [0, 2], keepdim: false } },
      { name: 'mean', params: { dims: [1], keepdim: true } },
      { name: 'var', params: { dims: [0, 1, 2], keepdim: false, correction: 1 } },
      { name: 'logsumexp', params: { dims: [0, 1, 2], keepdim: false } },
      { name: 'argmax', params: { dim: 2, keepdim: false } },
      { name: 'argmax', params: { dim: null, keepdim: false } },
      { name: 'amax', params: { dims: [0], keepdim: false } },
      { name: 'argmax', params: { dim: 0, keepdim: false } },
    ]);
  });
});
