// Views share storage (writes show through, reshape copies only when it must), and any chain of view ops equals
// an independent nested-array reference (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../errors.js';
import { withInterpreter } from '../interpreter.js';
import { computeStride } from '../shape.js';
import { type NestedArray, Tensor } from '../tensor.js';
import { arange, tensor } from './creation.js';
import { isContiguous } from './views.js';

/** The storage index of element `idx` of a concrete tensor. */
function storageIndex(t: Tensor, idx: readonly number[]): number {
  return idx.reduce((o, i, d) => o + i * t.strides[d]!, t.offset);
}

describe('views share storage', () => {
  it('writes through a transposed, sliced and selected view show in the base', () => {
    const base = arange(24).reshape(2, 3, 4);
    const v = base.transpose(0, 2).slice(1, 1, null, 1).select(2, 1); // v[i][j] = base[1][j+1][i]
    expect(v.storage).toBe(base.storage);
    v.storage.data[storageIndex(v, [3, 0])] = -5;
    expect((base.toArray() as number[][][])[1]![1]![3]).toBe(-5);
    expect(base.toTypedArray().filter((x) => x === -5).length).toBe(1);
  });

  it('writes into the base show in an expanded view at every broadcast position', () => {
    const base = tensor([1, 2, 3]);
    const e = base.unsqueeze(0).expand(2, 3);
    expect(e.strides).toEqual([0, 1]);
    base.storage.data[1] = 7;
    expect(e.toArray()).toEqual([
      [1, 7, 3],
      [1, 7, 3],
    ]);
  });

  it('every view op returns a tensor over the same storage', () => {
    const x = arange(24).reshape(2, 3, 4);
    const views = [
      x.view(6, 4),
      x.reshape(4, 6),
      x.permute(2, 0, 1),
      x.transpose(0, 1),
      x.select(0, 1).t(),
      x.expand(5, 2, 3, 4),
      x.narrow(2, 1, 2),
      x.slice(1, 0, null, 2),
      x.unsqueeze(1),
      x.unsqueeze(0).squeeze(0),
      x.flatten(0, 1),
      x.unflatten(2, [2, 2]),
      x.movedim(0, -1),
      ...x.split(2, 2),
      ...x.chunk(3, 1),
      x.detach(),
      x.contiguous(),
    ];
    for (const v of views) expect(v.storage).toBe(x.storage);
  });

  it('reshape copies only when the strides do not allow a view', () => {
    const x = arange(12).reshape(3, 4);
    const merged = x.t().reshape(12);
    expect(merged.storage).not.toBe(x.storage);
    expect(Array.from(merged.toTypedArray())).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    // splitting a permuted dim stays a view
    const split = x.t().reshape(2, 2, 3);
    expect(split.storage).toBe(x.storage);
    expect(split.strides).toEqual([2, 1, 4]);
    expect(() => x.t().view(12)).toThrow(RuntimeError);
    expect(() => x.t().view(12)).toThrow(/view size is not compatible with input tensor's size and stride/);
  });

  it('contiguous returns the tensor itself when already contiguous, clone always copies', () => {
    const x = arange(6).reshape(2, 3);
    expect(x.contiguous()).toBe(x);
    expect(x.unsqueeze(1).contiguous()).not.toBe(x); // a contiguous view is returned as is, not its base
    const xt = x.t();
    const c = xt.contiguous();
    expect(c.storage).not.toBe(x.storage);
    expect(c.isContiguous()).toBe(true);
    expect(xt.isContiguous()).toBe(false);
    const k = x.clone();
    expect(k.storage).not.toBe(x.storage);
    k.storage.data[0] = 100;
    expect(x.toTypedArray()[0]).toBe(0);
  });

  it('detach aliases the storage, strides and offset in a new object', () => {
    const x = arange(12).reshape(3, 4).slice(1, 1, null, 2);
    const d = x.detach();
    expect(d).not.toBe(x);
    expect(d.storage).toBe(x.storage);
    expect(d.strides).toEqual(x.strides);
    expect(d.offset).toBe(x.offset);
  });

  it('isContiguous ignores size-1 dims and holds for empty tensors', () => {
    expect(arange(3).reshape(3, 1).t().isContiguous()).toBe(true);
    expect(arange(6).reshape(2, 3).expand(2, 2, 3).isContiguous()).toBe(false);
    expect(arange(0).reshape(0, 3).t().isContiguous()).toBe(true);
  });
});

describe('isContiguous inside a transform', () => {
  it('refuses to report the layout of a wrapped tensor', () => {
    const make = (level: number) => ({
      level,
      name: 'vmap',
      process: (): Tensor[] => {
        throw new Error('not called');
      },
      readout: (): never => {
        throw new Error('not called');
      },
    });
    withInterpreter(make, (interp) => {
      const wrapped = Tensor.wrap(interp, null, [2, 3], 'float32');
      expect(() => isContiguous(wrapped)).toThrow(RuntimeError);
      expect(() => wrapped.isContiguous()).toThrow(
        /layout of a tensor transformed by vmap is not observable/,
      );
    });
  });
});

describe('computeStride', () => {
  it('follows ATen on chunks of size-1 and empty tensors', () => {
    expect(computeStride([2, 3], [3, 1], [3, 2])).toEqual([2, 1]);
    expect(computeStride([], [], [1, 1])).toEqual([1, 1]);
    expect(computeStride([3, 1, 4], [4, 99, 1], [12])).toEqual([1]);
    expect(computeStride([4, 3], [1, 4], [12])).toBeNull();
    expect(computeStride([0, 3], [3, 1], [3, 0])).toEqual([1, 1]);
  });
});

// ---- property test: random chains of view ops against nested arrays ---------------------------------------

/** A reference tensor: its shape and values as nested arrays. */
interface Ref {
  shape: number[];
  data: NestedArray;
}

function build(shape: readonly number[], at: (idx: number[]) => number, prefix: number[] = []): NestedArray {
  if (prefix.length === shape.length) return at(prefix);
  return Array.from({ length: shape[prefix.length]! }, (_, i) => build(shape, at, [...prefix, i]));
}

function read(data: NestedArray, idx: readonly number[]): number {
  let v = data;
  for (const i of idx) v = (v as NestedArray[])[i]!;
  return v as number;
}

function flat(ref: Ref): number[] {
  const out: number[] = [];
  build(ref.shape, (idx) => {
    out.push(read(ref.data, idx));
    return 0;
  });
  return out;
}

const wrap = (d: number, n: number) => (d < 0 ? d + n : d);

const refOps = {
  permute: (r: Ref, dims: number[]): Ref => {
    const shape = dims.map((d) => r.shape[d]!);
    return {
      shape,
      data: build(shape, (idx) => {
        const src = new Array<number>(r.shape.length);
        dims.forEach((d, i) => {
          src[d] = idx[i]!;
        });
        return read(r.data, src);
      }),
    };
  },
  /** Python slicing: JS Array.slice has the same negative/clamped bounds; then every step-th. */
  slice: (r: Ref, dim: number, start: number | null, end: number | null, step: number): Ref => {
    const picked = Array.from({ length: r.shape[dim]! }, (_, i) => i)
      .slice(start ?? undefined, end ?? undefined)
      .filter((_, k) => k % step === 0);
    const shape = [...r.shape];
    shape[dim] = picked.length;
    return {
      shape,
      data: build(shape, (idx) =>
        read(
          r.data,
          idx.map((v, d) => (d === dim ? picked[v]! : v)),
        ),
      ),
    };
  },
  select: (r: Ref, dim: number, index: number): Ref => {
    const shape = r.shape.filter((_, d) => d !== dim);
    const i = wrap(index, r.shape[dim]!);
    return { shape, data: build(shape, (idx) => read(r.data, [...idx.slice(0, dim), i, ...idx.slice(dim)])) };
  },
  unsqueeze: (r: Ref, dim: number): Ref => {
    const shape = [...r.shape];
    shape.splice(dim, 0, 1);
    return {
      shape,
      data: build(shape, (idx) =>
        read(
          r.data,
          idx.filter((_, d) => d !== dim),
        ),
      ),
    };
  },
  squeeze: (r: Ref, dim: number | null): Ref => {
    const drop = (d: number) => r.shape[d] === 1 && (dim === null || d === dim);
    const shape = r.shape.filter((_, d) => !drop(d));
    return {
      shape,
      data: build(shape, (idx) => {
        const src: number[] = [];
        for (let d = 0, k = 0; d < r.shape.length; d++) src.push(drop(d) ? 0 : idx[k++]!);
        return read(r.data, src);
      }),
    };
  },
  expand: (r: Ref, shape: number[]): Ref => {
    const lead = shape.length - r.shape.length;
    return {
      shape,
      data: build(shape, (idx) =>
        read(
          r.data,
          r.shape.map((s, d) => (s === 1 ? 0 : idx[d + lead]!)),
        ),
      ),
    };
  },
  reshape: (r: Ref, shape: number[]): Ref => {
    const values = flat(r);
    let k = 0;
    return { shape, data: build(shape, () => values[k++]!) };
  },
};

/** One step of a chain: an op name and raw numbers that `apply` turns into valid arguments for the shape. */
type Step = [string, number[]];

const stepArb: fc.Arbitrary<Step> = fc.tuple(
  fc.constantFrom(
    'permute',
    'transpose',
    'slice',
    'select',
    'unsqueeze',
    'squeeze',
    'expand',
    'reshape',
    'flatten',
  ),
  fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }),
);

/** Applies one step to both the tensor and the reference; returns null when the step does not fit the shape. */
function apply(x: Tensor, r: Ref, [op, n]: Step): [Tensor, Ref] | null {
  const nd = r.shape.length;
  const [a, b, c, e] = n as [number, number, number, number];
  switch (op) {
    case 'permute': {
      const dims = r.shape
        .map((_, i) => i)
        .sort((i, j) => ((i * 7919 + a) % 13) - ((j * 7919 + a) % 13) || i - j);
      return [x.permute(dims.map((d) => (b % 2 ? d - nd : d))), refOps.permute(r, dims)];
    }
    case 'transpose': {
      if (nd === 0) return null;
      const d0 = a % nd;
      const d1 = b % nd;
      const dims = r.shape.map((_, i) => (i === d0 ? d1 : i === d1 ? d0 : i));
      return [x.transpose(d0, c % 2 ? d1 - nd : d1), refOps.permute(r, dims)];
    }
    case 'slice': {
      if (nd === 0) return null;
      const dim = a % nd;
      const size = r.shape[dim]!;
      const bound = (v: number) => (v % 5 === 0 ? null : (v % (2 * size + 5)) - size - 2);
      const step = 1 + (e % 3);
      return [x.slice(dim, bound(b), bound(c), step), refOps.slice(r, dim, bound(b), bound(c), step)];
    }
    case 'select': {
      if (nd === 0) return null;
      const dim = a % nd;
      const size = r.shape[dim]!;
      if (size === 0) return null;
      const index = (b % (2 * size)) - size;
      return [x.select(dim - (c % 2) * nd, index), refOps.select(r, dim, index)];
    }
    case 'unsqueeze': {
      const dim = a % (nd + 1);
      return [x.unsqueeze(b % 2 ? dim - nd - 1 : dim), refOps.unsqueeze(r, dim)];
    }
    case 'squeeze': {
      if (nd === 0 || a % 3 === 0) return [x.squeeze(), refOps.squeeze(r, null)];
      const dim = b % nd;
      return [x.squeeze(dim), refOps.squeeze(r, dim)];
    }
    case 'expand': {
      const lead = a % 3 === 0 ? [1 + (b % 2)] : [];
      const grown = r.shape.map((s, d) => (s === 1 ? 1 + ((c + d) % 3) : s));
      const shape = [...lead, ...grown];
      if (shape.reduce((p, s) => p * s, 1) > 300) return null;
      const asked = shape.map((s, i) =>
        i >= lead.length && s === r.shape[i - lead.length] && e % 2 ? -1 : s,
      );
      return [x.expand(asked), refOps.expand(r, shape)];
    }
    case 'reshape': {
      const numel = r.shape.reduce((p, s) => p * s, 1);
      // split numel into factors, then maybe ask for one of them as -1
      const shape: number[] = [];
      let rest = numel;
      for (const f of [a, b, c]) {
        const divisors = Array.from({ length: rest }, (_, i) => i + 1).filter((k) => rest % k === 0);
        const k = numel === 0 ? f % 3 : divisors[f % divisors.length]!;
        shape.push(k);
        if (numel !== 0) rest /= k;
      }
      shape.push(numel === 0 ? 0 : rest);
      const asked = numel > 0 && e % 2 ? shape.map((s, i) => (i === e % 4 ? -1 : s)) : shape;
      return [x.reshape(asked), refOps.reshape(r, shape)];
    }
    case 'flatten': {
      if (nd === 0) return [x.flatten(), refOps.reshape(r, [1])];
      const s = a % nd;
      const t = s + (b % (nd - s));
      const shape = [
        ...r.shape.slice(0, s),
        r.shape.slice(s, t + 1).reduce((p, v) => p * v, 1),
        ...r.shape.slice(t + 1),
      ];
      return [x.flatten(s, t), refOps.reshape(r, shape)];
    }
  }
  return null;
}

describe('view chains (property)', () => {
  it('any chain of view ops then contiguous() equals the nested-array reference', () => {
    const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 });
    fc.assert(
      fc.property(shapeArb, fc.array(stepArb, { maxLength: 8 }), (shape, steps) => {
        const numel = shape.reduce((p, s) => p * s, 1);
        let x = arange(numel).reshape(shape);
        let r: Ref = { shape, data: build(shape, (idx) => idx.reduce((o, i, d) => o * shape[d]! + i, 0)) };
        for (const step of steps) {
          const next = apply(x, r, step);
          if (next) [x, r] = next;
        }
        expect([...x.shape]).toEqual(r.shape);
        expect(Array.from(x.contiguous().toTypedArray())).toEqual(flat(r));
      }),
      { numRuns: 150 },
    );
  });
});
