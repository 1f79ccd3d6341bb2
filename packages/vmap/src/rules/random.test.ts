// Random ops under vmap: functorch's 'error' text, 'different' as one draw of [B, ...shape] from the same stream,
// 'same' as one draw shared by every member, nested levels mixing the two, dropout's masks and randperm's rows.
import {
  dropout,
  expand,
  Generator,
  manualSeed,
  movedim,
  ones,
  RuntimeError,
  rand,
  randint,
  randn,
  randperm,
  stack,
  type Tensor,
  unsqueeze,
  zeros,
} from '@bn/tensor';
import { describe, expect, it } from 'vitest';
import { floats } from '../../test/values.js';
import { vmap } from '../index.js';
import { RANDOM_IN_ERROR_MODE } from '../messages.js';

const SEED = 1234;
const B = 4;
/** A tensor to map over when the function ignores its argument: B members. */
const members = (n = B) => zeros([n]);
const gen = () => new Generator(SEED);

/** One draw of each draw primitive, by name, from `g` (shape `[2, 3]`, randperm of 5). */
const DRAWS: Record<string, (g: Generator, batch: number[]) => Tensor> = {
  randn: (g, batch) => randn([...batch, 2, 3], { generator: g }),
  rand: (g, batch) => rand([...batch, 2, 3], { generator: g }),
  randint: (g, batch) => randint(-3, 7, [...batch, 2, 3], { generator: g }),
};

/** Member `i` of `t` along dim 0, as nested arrays. */
const row = (t: Tensor, i: number) => t.select(0, i).toArray();

/** True when every member of `t` along `dim` equals the first. */
function allEqualAlong(t: Tensor, dim: number): boolean {
  const first = JSON.stringify(t.select(dim, 0).toArray());
  return Array.from({ length: t.shape[dim]! }, (_, i) => JSON.stringify(t.select(dim, i).toArray())).every(
    (s) => s === first,
  );
}

/** True when no two members of `t` along `dim` are equal. */
function allDistinctAlong(t: Tensor, dim: number): boolean {
  const rows = Array.from({ length: t.shape[dim]! }, (_, i) => JSON.stringify(t.select(dim, i).toArray()));
  return new Set(rows).size === rows.length;
}

describe("randomness: 'error'", () => {
  const ops: Record<string, () => Tensor> = {
    randn: () => randn([2]),
    rand: () => rand([2]),
    randint: () => randint(0, 5, [2]),
    randperm: () => randperm(3),
  };
  for (const [name, op] of Object.entries(ops)) {
    it(`${name} throws functorch's message`, () => {
      expect(() => vmap((_: Tensor) => op())(members())).toThrow(new RuntimeError(RANDOM_IN_ERROR_MODE));
    });
  }
  it('dropout throws on batched and unbatched inputs', () => {
    const x = floats([B, 3], 1);
    expect(() => vmap((v: Tensor) => dropout(v))(x)).toThrow(new RuntimeError(RANDOM_IN_ERROR_MODE));
    expect(() => vmap((_: Tensor) => dropout(x))(members())).toThrow(new RuntimeError(RANDOM_IN_ERROR_MODE));
  });
  it('dropout in eval mode draws nothing and does not throw', () => {
    const x = floats([B, 3], 1);
    expect(vmap((v: Tensor) => dropout(v, 0.5, { training: false }))(x).toArray()).toEqual(x.toArray());
  });
  it("names functorch's text word for word", () => {
    expect(RANDOM_IN_ERROR_MODE).toBe(
      "vmap: called random operation while in randomness error mode. Please either use the 'same' or " +
        "'different' randomness flags on vmap or perform the randomness operation out of vmap",
    );
  });
});

describe("randomness: 'different'", () => {
  for (const [name, draw] of Object.entries(DRAWS)) {
    it(`${name} equals one draw of [B, ...shape] from the same seed, members differ`, () => {
      const g = gen();
      const out = vmap((_: Tensor) => draw(g, []), { randomness: 'different' })(members());
      const expected = draw(gen(), [B]);
      expect(out.shape).toEqual([B, 2, 3]);
      expect(out.dtype).toBe(expected.dtype);
      expect(out.toArray()).toEqual(expected.toArray());
      expect(allDistinctAlong(out, 0)).toBe(true);
    });
  }

  it('the generator advances as the one draw of [B, ...shape] does', () => {
    const g = gen();
    vmap((_: Tensor) => randn([2, 3], { generator: g }), { randomness: 'different' })(members());
    const h = gen();
    randn([B, 2, 3], { generator: h });
    expect(g.getState()).toEqual(h.getState());
  });

  it('moves the batch dim to outDims', () => {
    const out = vmap((_: Tensor) => rand([2, 3], { generator: gen() }), {
      randomness: 'different',
      outDims: 2,
    })(members());
    expect(out.toArray()).toEqual(movedim(rand([B, 2, 3], { generator: gen() }), 0, 2).toArray());
  });

  it('randperm: B draws in turn, each row a permutation, rows differ', () => {
    const g = gen();
    const out = vmap((_: Tensor) => randperm(6, { generator: g }), { randomness: 'different' })(members());
    const h = gen();
    const expected = stack(Array.from({ length: B }, () => randperm(6, { generator: h })));
    expect(out.dtype).toBe('int32');
    expect(out.toArray()).toEqual(expected.toArray());
    for (let i = 0; i < B; i++) {
      expect([...(row(out, i) as number[])].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    }
    expect(allDistinctAlong(out, 0)).toBe(true);
  });

  it('randperm with B = 0 gives an empty [0, n] int32 tensor and draws nothing', () => {
    const g = gen();
    const out = vmap((_: Tensor) => randperm(4, { generator: g }), { randomness: 'different' })(members(0));
    expect(out.shape).toEqual([0, 4]);
    expect(out.dtype).toBe('int32');
    expect(g.getState()).toEqual(gen().getState());
  });

  it('dropout: one mask over [B, ...] in member order (in-dim 1), zeros or x / (1 - p), members differ', () => {
    const p = 0.4;
    const x = floats([5, B, 3], 2); // mapped over dim 1
    const out = vmap((v: Tensor) => dropout(v, p, { generator: gen() }), {
      inDims: 1,
      randomness: 'different',
    })(x);
    const front = movedim(x, 1, 0);
    expect(out.toArray()).toEqual(dropout(front, p, { generator: gen() }).toArray());
    const xs = front.toTypedArray();
    const ys = out.toTypedArray();
    let kept = 0;
    ys.forEach((y, i) => {
      if (y !== 0) {
        kept++;
        expect(y).toBeCloseTo(xs[i]! / (1 - p), 6);
      }
    });
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(ys.length);
    expect(allDistinctAlong(out, 0)).toBe(true);
  });

  it('dropout of an unbatched input draws a different mask per member', () => {
    const x = ones([16]);
    const out = vmap((_: Tensor) => dropout(x, 0.5, { generator: gen() }), { randomness: 'different' })(
      members(),
    );
    const expected = dropout(expand(unsqueeze(x, 0), [B, 16]), 0.5, { generator: gen() });
    expect(out.toArray()).toEqual(expected.toArray());
    expect(new Set(out.toTypedArray())).toEqual(new Set([0, 2]));
    expect(allDistinctAlong(out, 0)).toBe(true);
  });
});

describe("randomness: 'same'", () => {
  for (const [name, draw] of Object.entries(DRAWS)) {
    it(`${name}: every member equals one unbatched draw`, () => {
      const g = gen();
      const out = vmap((_: Tensor) => draw(g, []), { randomness: 'same' })(members());
      const once = draw(gen(), []);
      expect(out.shape).toEqual([B, 2, 3]);
      for (let i = 0; i < B; i++) expect(row(out, i)).toEqual(once.toArray());
    });
  }

  it('draws exactly once', () => {
    const g = gen();
    vmap((_: Tensor) => randn([2, 3], { generator: g }), { randomness: 'same' })(members());
    const h = gen();
    randn([2, 3], { generator: h });
    expect(g.getState()).toEqual(h.getState());
  });

  it('randperm: one permutation shared by every member', () => {
    const out = vmap((_: Tensor) => randperm(6, { generator: gen() }), { randomness: 'same' })(members());
    const once = randperm(6, { generator: gen() }).toArray();
    for (let i = 0; i < B; i++) expect(row(out, i)).toEqual(once);
  });

  it('dropout of an unbatched input: one mask for every member', () => {
    const x = floats([3, 4], 3);
    const out = vmap((_: Tensor) => dropout(x, 0.3, { generator: gen() }), { randomness: 'same' })(members());
    const once = dropout(x, 0.3, { generator: gen() }).toArray();
    for (let i = 0; i < B; i++) expect(row(out, i)).toEqual(once);
  });

  it('dropout of a batched input: one mask over a member, applied to every member (functorch 1.13)', () => {
    const x = floats([B, 3, 4], 4);
    const out = vmap((v: Tensor) => dropout(v, 0.5, { generator: gen() }), { randomness: 'same' })(x);
    const mask = dropout(ones([3, 4]), 0.5, { generator: gen() });
    expect(out.toArray()).toEqual(x.mul(mask).toArray());
    expect(out.eq(0).toTypedArray()).toEqual(expand(unsqueeze(mask.eq(0), 0), [B, 3, 4]).toTypedArray());
  });

  it('chunkSize: all chunks draw the same values from the default generator', () => {
    manualSeed(SEED);
    const out = vmap((_: Tensor) => randn([2, 3]), { randomness: 'same', chunkSize: 2 })(members(5));
    manualSeed(SEED);
    const once = randn([2, 3]).toArray();
    expect(out.shape).toEqual([5, 2, 3]);
    for (let i = 0; i < 5; i++) expect(row(out, i)).toEqual(once);
  });
});

describe('nested vmaps', () => {
  const [O, I] = [3, 4];
  const grid = () => zeros([O, I]);

  it("'different' inside 'same': members differ along the inner dim, equal along the outer", () => {
    const g = gen();
    const inner = vmap((_: Tensor) => randn([2], { generator: g }), { randomness: 'different' });
    const out = vmap((r: Tensor) => inner(r), { randomness: 'same' })(grid());
    expect(out.shape).toEqual([O, I, 2]);
    expect(allEqualAlong(out, 0)).toBe(true);
    expect(allDistinctAlong(out, 1)).toBe(true);
    // the inner level drew [I, 2] once, through the outer 'same' level
    expect(row(out, 0)).toEqual(randn([I, 2], { generator: gen() }).toArray());
  });

  it("'same' inside 'different': members equal along the inner dim, differ along the outer", () => {
    const g = gen();
    const inner = vmap((_: Tensor) => randn([2], { generator: g }), { randomness: 'same' });
    const out = vmap((r: Tensor) => inner(r), { randomness: 'different' })(grid());
    expect(out.shape).toEqual([O, I, 2]);
    expect(allEqualAlong(out, 1)).toBe(true);
    expect(allDistinctAlong(out, 0)).toBe(true);
    // the outer level drew [O, 2] once
    expect(out.select(1, 0).toArray()).toEqual(randn([O, 2], { generator: gen() }).toArray());
  });

  it("'different' inside 'different': one draw of [O, I, ...shape]", () => {
    const g = gen();
    const inner = vmap((_: Tensor) => rand([2], { generator: g }), { randomness: 'different' });
    const out = vmap((r: Tensor) => inner(r), { randomness: 'different' })(grid());
    expect(out.toArray()).toEqual(rand([O, I, 2], { generator: gen() }).toArray());
  });

  it("randperm 'different' inside 'different': every [o, i] row a permutation, all distinct", () => {
    const g = gen();
    const inner = vmap((_: Tensor) => randperm(7, { generator: g }), { randomness: 'different' });
    const out = vmap((r: Tensor) => inner(r), { randomness: 'different' })(grid());
    expect(out.shape).toEqual([O, I, 7]);
    const rows = (out.reshape([O * I, 7]).toArray() as number[][]).map((r) => [...r]);
    for (const r of rows) expect([...r].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new Set(rows.map((r) => r.join())).size).toBe(O * I);
  });

  it("dropout 'same' inside 'different' on an input batched only at the outer level", () => {
    const x = ones([O, 16]);
    const inner = (xo: Tensor) =>
      vmap((_: Tensor) => dropout(xo, 0.5, { generator: gen() }), { randomness: 'same' })(zeros([I]));
    const out = vmap(inner, { randomness: 'different' })(x);
    expect(out.shape).toEqual([O, I, 16]);
    expect(allEqualAlong(out, 1)).toBe(true);
    expect(out.select(1, 0).toArray()).toEqual(dropout(x, 0.5, { generator: gen() }).toArray());
  });

  it("the inner 'error' level throws even under an outer 'different' level", () => {
    const inner = vmap((_: Tensor) => randn([2]));
    expect(() => vmap((r: Tensor) => inner(r), { randomness: 'different' })(grid())).toThrow(
      new RuntimeError(RANDOM_IN_ERROR_MODE),
    );
  });
});
