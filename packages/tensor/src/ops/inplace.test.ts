// In-place ops beyond the fixtures: writes through random chains of views land in exactly the viewed elements
// of the base (checked against an index map), the version counter, and throwing ops that change nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { arange, tensor } from './creation.js';
import { add_, clamp_, copy_, div_, fill_, mul_, sub_, zero_ } from './inplace.js';
import { permute, reshape, select, slice, transpose, unsqueeze } from './views.js';

/** One view step, its numbers reduced modulo the current shape when applied. */
interface Step {
  kind: 'transpose' | 'reverse' | 'slice' | 'select' | 'unsqueeze';
  x: number;
  y: number;
  z: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('transpose', 'reverse', 'slice', 'select', 'unsqueeze'),
  x: fc.nat(12),
  y: fc.nat(12),
  z: fc.nat(12),
});

/** Applies `steps` to `t`; steps that do not fit the current shape are skipped. */
function applySteps(t: Tensor, steps: readonly Step[]): Tensor {
  for (const { kind, x, y, z } of steps) {
    const nd = t.ndim;
    if (kind === 'unsqueeze') t = unsqueeze(t, x % (nd + 1));
    else if (nd === 0) continue;
    else if (kind === 'transpose') t = transpose(t, x % nd, y % nd);
    else if (kind === 'reverse')
      t = permute(
        t,
        t.shape.map((_, d) => nd - 1 - d),
      );
    else if (kind === 'slice') {
      const size = t.shape[x % nd]!;
      t = slice(t, x % nd, y % (size + 1), size, 1 + (z % 3));
    } else if (t.shape[x % nd]! > 0) t = select(t, x % nd, y % t.shape[x % nd]!);
  }
  return t;
}

type Op = 'add_' | 'sub_' | 'mul_' | 'div_' | 'copy_' | 'fill_' | 'zero_' | 'clamp_';

/** Each op, and what it makes of one element given the old value and the other operand's value. */
const OPS: Record<Op, { run: (t: Tensor, o: Tensor) => Tensor; ref: (x: number, y: number) => number }> = {
  add_: { run: add_, ref: (x, y) => Math.fround(x + y) },
  sub_: { run: sub_, ref: (x, y) => Math.fround(x - y) },
  mul_: { run: mul_, ref: (x, y) => Math.fround(x * y) },
  div_: { run: div_, ref: (x, y) => Math.fround(x / y) },
  copy_: { run: copy_, ref: (_, y) => y },
  fill_: { run: (t) => fill_(t, 2.5), ref: () => 2.5 },
  zero_: { run: (t) => zero_(t), ref: () => 0 },
  clamp_: { run: (t) => clamp_(t, -1, 1.5), ref: (x) => Math.min(Math.max(x, -1), 1.5) },
};

const caseArb = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
  steps: fc.array(stepArb, { maxLength: 4 }),
  op: fc.constantFrom<Op>(...(Object.keys(OPS) as Op[])),
  seed: fc.nat(1000),
});

/** Quarter-integers from a seed, never zero (so that div_ is defined everywhere). */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => (((seed + 7 * i) % 17) - 8) / 4 || 0.75);
}

describe('in-place writes through views', () => {
  it('land in exactly the viewed elements of the base, bumping its version once', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, steps, op, seed }) => {
        const n = shape.reduce((a, s) => a * s, 1);
        const base = tensor(values(n, seed), shape);
        const target = applySteps(base, steps);
        // the same views over the base's flat indices say where each viewed element lives
        const where = applySteps(reshape(arange(n), shape), steps).toTypedArray();
        const other = tensor(values(target.numel(), seed + 3), target.shape);
        const before = Array.from(base.toTypedArray());
        const expected = [...before];
        const otherValues = other.toTypedArray();
        where.forEach((p, k) => {
          expected[p] = OPS[op].ref(before[p]!, otherValues[k]!);
        });
        const version = base.storage.version;

        expect(OPS[op].run(target, other)).toBe(target);
        expect(Array.from(base.toTypedArray())).toEqual(expected);
        expect(base.storage.version).toBe(version + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('change nothing, version included, when the op throws', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, steps, seed }) => {
        const n = shape.reduce((a, s) => a * s, 1);
        const base = tensor(values(n, seed), shape);
        const target = applySteps(base, steps);
        const before = Array.from(base.toTypedArray());
        // other may not broadcast up to a larger shape than the target's
        const tooBig = tensor(values(2 * target.numel(), seed), [2, ...target.shape]);
        expect(() => add_(target, tooBig)).toThrow(ShapeError);
        expect(() => copy_(target, tooBig)).toThrow(ShapeError);
        // subtracting a bool is refused by dtype
        expect(() => sub_(target, true)).toThrow(DTypeError);
        expect(Array.from(base.toTypedArray())).toEqual(before);
        expect(base.storage.version).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});

describe('in-place ops whose source shares the target storage', () => {
  it('x.add_(x) doubles x', () => {
    const x = tensor([1, -2, 3.5]);
    add_(x, x);
    expect(x.toArray()).toEqual([2, -4, 7]);
    expect(x.storage.version).toBe(1);
  });

  it('read a snapshot of an overlapping strided source before writing', () => {
    // PyTorch's result here depends on its iteration order; @bn reads every source value before writing
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    add_(slice(x, 1, 1, 3), slice(x, 1, 0, 2));
    expect(x.toArray()).toEqual([
      [1, 3, 5],
      [4, 9, 11],
    ]);
    const y = arange(6, undefined, 1, { dtype: 'float32' });
    copy_(slice(y, 0, 2, 6, 2), slice(y, 0, 0, 4, 2));
    expect(y.toArray()).toEqual([0, 1, 0, 3, 2, 5]);
  });
});
