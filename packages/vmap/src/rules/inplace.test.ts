// In-place primitives under vmap: writes land in the caller's tensor through the batched target, an unbatched
// target with a batched operand throws functorch's error before anything is written, nested levels.
import {
  add,
  add_,
  clamp,
  clamp_,
  copy_,
  div,
  div_,
  fill_,
  mul,
  mul_,
  RuntimeError,
  sub,
  sub_,
  type Tensor,
  zero_,
} from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { floats, positives } from '../../test/values.js';
import { vmap } from '../index.js';

const FUNCTORCH =
  'vmap: inplace arithmetic(self, *extra_args) is not possible because there exists a Tensor `other` in ' +
  'extra_args that has more elements than `self`.';

const OPS = [
  ['add_', add_, add],
  ['sub_', sub_, sub],
  ['mul_', mul_, mul],
  ['div_', div_, div],
  ['copy_', copy_, (t: Tensor, o: Tensor) => add(mul(t, 0), o)],
] as const;

/** A snapshot of a tensor's values and version, to check that it did or did not change. */
const snapshot = (t: Tensor) => ({ values: t.toArray(), version: t.storage.version });

describe('in-place into a batched target', () => {
  for (const [name, op, outOfPlace] of OPS) {
    it(`${name} writes every member into the caller's tensor and bumps its version`, () => {
      const x = floats([3, 2, 4], 1);
      const other = positives([4], 2); // shared by the members, broadcast into each
      const expected = outOfPlace(x, other).toArray();
      const before = x.storage.version;
      const out = vmap((t: Tensor) => op(t, other))(x);
      expect(x.toArray()).toEqual(expected);
      expect(x.storage.version).toBeGreaterThan(before);
      expect(out.toArray()).toEqual(expected);
    });
  }

  it('writes through a target mapped over an inner dim (a permuted view of the caller storage)', () => {
    const x = floats([2, 5, 3], 3); // members along dim 1
    const o = floats([5], 4); // one 0-d operand per member
    const expected = add(x, o.reshape(1, 5, 1)).toArray();
    vmap((t: Tensor, s: Tensor) => add_(t, s), { inDims: [1, 0] })(x, o);
    expect(x.toArray()).toEqual(expected);
  });

  it('pads a batched lower-rank operand to the target rank before broadcasting', () => {
    const x = floats([3, 2, 4], 5);
    const o = floats([4, 3], 6); // members along dim 1, each a [4] row
    const expected = mul(x, o.transpose(0, 1).reshape(3, 1, 4)).toArray();
    vmap((t: Tensor, s: Tensor) => mul_(t, s), { inDims: [0, 1] })(x, o);
    expect(x.toArray()).toEqual(expected);
  });

  it('fill_, zero_ and clamp_ write into the caller tensor', () => {
    const x = floats([3, 4], 7);
    const clamped = clamp(x, -0.5, 0.5).toArray();
    vmap((t: Tensor) => clamp_(t, -0.5, 0.5), { inDims: 1 })(x);
    expect(x.toArray()).toEqual(clamped);
    vmap((t: Tensor) => fill_(t, 2))(x);
    expect(x.toArray()).toEqual(Array.from({ length: 3 }, () => [2, 2, 2, 2]));
    vmap((t: Tensor) => zero_(t))(x);
    expect(x.toArray()).toEqual(Array.from({ length: 3 }, () => [0, 0, 0, 0]));
  });

  it('writes through nested levels into the caller tensor', () => {
    const x = floats([2, 4, 3], 8); // outer members along dim 0, inner along dim 2
    const o = floats([3, 2], 9); // inner along dim 0, outer along dim 1: one 0-d operand per member
    const expected = sub(x, o.transpose(0, 1).unsqueeze(1)).toArray();
    const before = x.storage.version;
    const inner = vmap((t: Tensor, s: Tensor) => sub_(t, s), { inDims: [1, 0] });
    vmap(inner, { inDims: [0, 1] })(x, o);
    expect(x.toArray()).toEqual(expected);
    expect(x.storage.version).toBe(before + 1);
  });

  it('writes once into a target batched by the outer level only, from inside the inner one', () => {
    const x = floats([2, 4], 10); // outer members
    const o = floats([3], 11); // inner members
    const expected = add(x, 1).toArray();
    vmap((t: Tensor) =>
      vmap((s: Tensor) => {
        add_(t, 1);
        return s;
      })(o),
    )(x);
    expect(x.toArray()).toEqual(expected);
  });
});

describe('in-place into an unbatched target', () => {
  for (const [name, op] of OPS) {
    it(`${name} with a batched operand throws functorch's error and writes nothing`, () => {
      const y = floats([4], 11);
      const x = positives([3, 4], 12);
      const [yBefore, xBefore] = [snapshot(y), snapshot(x)];
      let thrown: unknown;
      try {
        vmap((t: Tensor) => op(y, t))(x);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(RuntimeError);
      const message = (thrown as Error).message;
      expect(message.startsWith(FUNCTORCH)).toBe(true);
      expect(message).toContain(`(in-place primitive: ${name}: `);
      expect(message).not.toContain('bug report');
      expect(snapshot(y)).toEqual(yBefore);
      expect(snapshot(x)).toEqual(xBefore);
    });
  }

  it('with unbatched operands runs once below the vmap', () => {
    const y = floats([4], 13);
    const expected = add(y, 1).toArray();
    vmap((t: Tensor) => {
      add_(y, 1);
      return t;
    })(floats([3], 14));
    expect(y.toArray()).toEqual(expected);
  });

  it('throws at the inner level when the target is batched only by the outer one', () => {
    const x = floats([2, 4], 15); // outer members
    const o = floats([3, 4], 16); // inner members
    const before = snapshot(x);
    const f = vmap((t: Tensor) => vmap((s: Tensor) => add_(t, s))(o));
    expect(() => f(x)).toThrow(FUNCTORCH);
    expect(snapshot(x)).toEqual(before);
  });
});
