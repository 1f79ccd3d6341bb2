// psum/pmean over a named vmap axis: the sum/mean over the mapped dim seen by every member, unbatched inputs,
// nested vmaps with two names (inner levels pass the call outward), an unbound name, B = 1.
import {
  add,
  DTypeError,
  expand,
  mean,
  movedim,
  mul,
  pmean,
  psum,
  RuntimeError,
  sum,
  type Tensor,
  tensor,
  unsqueeze,
  ValueError,
} from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { floats, ints } from '../../test/values.js';
import { vmap } from '../index.js';

/** `t` (the reduction of every member) broadcast to `n` members along a new dim 0. */
const broadcast = (t: Tensor, n: number) => expand(unsqueeze(t, 0), [n, ...t.shape]);

describe('psum/pmean over the vmap axis', () => {
  it('equal sum/mean over the mapped dim, broadcast to every member', () => {
    const x = floats([4, 2, 3], 1);
    expectClose(vmap((v: Tensor) => psum(v, 'b'), { axisName: 'b' })(x), broadcast(sum(x, 0), 4));
    expectClose(vmap((v: Tensor) => pmean(v, 'b'), { axisName: 'b' })(x), broadcast(mean(x, 0), 4));
  });

  it('reduce over the mapped dim wherever it is (in-dim 2), the result mixing with per-member values', () => {
    const x = floats([2, 3, 5], 2); // 5 members of shape [2, 3]
    const out = vmap((v: Tensor) => add(v, pmean(v, 'b')), { inDims: 2, axisName: 'b' })(x);
    expectClose(out, add(movedim(x, 2, 0), mean(x, 2)));
  });

  it('psum of int32 stays int32; of bool counts the true members (int32)', () => {
    const x = ints([3, 4], 3, -5, 5);
    const out = vmap((v: Tensor) => psum(v, 'b'), { axisName: 'b' })(x);
    expect(out.dtype).toBe('int32');
    expect(out.toArray()).toEqual(broadcast(sum(x, 0), 3).toArray());
    const flags = tensor([
      [true, false],
      [true, true],
      [true, false],
    ]);
    const count = vmap((v: Tensor) => psum(v, 'b'), { axisName: 'b' })(flags);
    expect(count.dtype).toBe('int32');
    expect(count.toArray()).toEqual([
      [3, 1],
      [3, 1],
      [3, 1],
    ]);
  });

  it('an unbatched input: psum is x * B, pmean is x', () => {
    const c = floats([2, 3], 4);
    const members = floats([5], 5);
    expectClose(vmap((_: Tensor) => psum(c, 'b'), { axisName: 'b' })(members), broadcast(mul(c, 5), 5));
    expectClose(vmap((_: Tensor) => pmean(c, 'b'), { axisName: 'b' })(members), broadcast(c, 5));
  });

  it('B = 1: psum and pmean are the member itself', () => {
    const x = floats([1, 3], 6);
    expectClose(vmap((v: Tensor) => psum(v, 'b'), { axisName: 'b' })(x), x);
    expectClose(vmap((v: Tensor) => pmean(v, 'b'), { axisName: 'b' })(x), x);
  });

  it("pmean checks its input as eagerly: an int32 input is refused with the primitive's error", () => {
    const x = ints([3, 2], 7, 0, 4);
    expect(() => vmap((v: Tensor) => pmean(v, 'b'), { axisName: 'b' })(x)).toThrow(
      new DTypeError('pmean(): expected a float32 input, but got int32'),
    );
  });
});

describe('nested vmaps with two names', () => {
  const [O, I] = [3, 4];
  const x = floats([O, I, 2], 8);
  const nested = (f: (v: Tensor) => Tensor, innerName: string | undefined = 'i') =>
    vmap((xo: Tensor) => vmap(f, { axisName: innerName })(xo), { axisName: 'o' })(x);

  it('reduce over the outer axis from inside the inner vmap', () => {
    expectClose(
      nested((v) => psum(v, 'o')),
      broadcast(sum(x, 0), O),
    );
    expectClose(
      nested((v) => pmean(v, 'o')),
      broadcast(mean(x, 0), O),
    );
  });

  it('reduce over the inner axis', () => {
    const perOuter = (t: Tensor) => movedim(broadcast(t, I), 0, 1); // [O, 2] -> [O, I, 2]
    expectClose(
      nested((v) => psum(v, 'i')),
      perOuter(sum(x, 1)),
    );
    expectClose(
      nested((v) => pmean(v, 'i')),
      perOuter(mean(x, 1)),
    );
  });

  it('reduce over both axes, one after the other', () => {
    const total = broadcast(broadcast(sum(x, [0, 1]), I), O);
    expectClose(
      nested((v) => psum(psum(v, 'i'), 'o')),
      total,
      1e-5,
      1e-5,
    );
    expectClose(
      nested((v) => psum(psum(v, 'o'), 'i')),
      total,
      1e-5,
      1e-5,
    );
  });

  it('an inner vmap without a name passes the call outward', () => {
    expectClose(
      nested((v) => psum(v, 'o'), undefined),
      broadcast(sum(x, 0), O),
    );
  });

  it('the outer axis over a value batched only at the outer level', () => {
    const out = vmap(
      (xo: Tensor) => vmap((w: Tensor) => add(w, psum(xo, 'o')), { axisName: 'i' })(floats([I], 9)),
      { axisName: 'o' },
    )(floats([O, I], 10));
    const w = floats([I], 9);
    const total = sum(floats([O, I], 10), 0); // [I], the same for every outer member
    // out[o, i] = w[i] + total (the inner member's scalar plus the outer total, a vector of I)
    const expected = broadcast(add(unsqueeze(w, 1), unsqueeze(total, 0)), O);
    expectClose(out, expected);
  });

  it('the same name at both levels: the innermost binds it', () => {
    const out = vmap((xo: Tensor) => vmap((v: Tensor) => psum(v, 'b'), { axisName: 'b' })(xo), {
      axisName: 'b',
    })(x);
    expectClose(out, movedim(broadcast(sum(x, 1), I), 0, 1));
  });
});

describe('unbound names', () => {
  const x = floats([3, 2], 11);
  it('a name no vmap binds throws naming the axis', () => {
    expect(() => vmap((v: Tensor) => psum(v, 'c'), { axisName: 'b' })(x)).toThrow(
      new RuntimeError("psum(): no vmap binds axis name 'c'; call it inside vmap(fn, { axisName: 'c' })"),
    );
    expect(() => vmap((v: Tensor) => pmean(v, 'c'))(x)).toThrow(/pmean\(\): no vmap binds axis name 'c'/);
  });
  it('outside any vmap', () => {
    expect(() => psum(x, 'b')).toThrow(/psum\(\): no vmap binds axis name 'b'/);
  });
  it('an empty name is refused', () => {
    expect(() => vmap((v: Tensor) => psum(v, ''), { axisName: 'b' })(x)).toThrow(ValueError);
  });
});
