// Elementwise ops beyond the fixtures: broadcasting over random shape pairs and memory layouts against an
// independent nested loop, what the public functions bind (wrapped numbers, normalised params), and `to`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { type Interpreter, withInterpreter } from '../interpreter.js';
import type { Primitive } from '../primitive.js';
import { contiguousStrides } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { tensor } from './creation.js';
import { add, clamp, erf, gelu, maximum, mul, sub, to, where } from './elementwise.js';

/** Where an operand's elements sit in its storage. */
type Layout = 'contiguous' | 'offset' | 'spaced' | 'column-major';

interface Operand {
  shape: number[];
  layout: Layout;
  values: number[];
}

/** A tensor with `values` (row-major) laid out in fresh storage as `layout` says, built without any op. */
function build({ shape, layout, values }: Operand, dtype: DType): Tensor {
  const rowMajor = contiguousStrides(shape);
  let strides = rowMajor;
  if (layout === 'spaced') strides = rowMajor.map((s) => 2 * s);
  if (layout === 'column-major') {
    let acc = 1;
    strides = shape.map((s) => {
      const stride = acc;
      acc *= Math.max(s, 1);
      return stride;
    });
  }
  const offset = layout === 'contiguous' || layout === 'column-major' ? 0 : 3;
  const storage = Storage.allocate(dtype, offset + 2 * values.length + 1);
  const index = shape.map(() => 0);
  for (const v of values) {
    storage.data[offset + index.reduce((a, i, d) => a + i * strides[d]!, 0)] = v;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return Tensor.fromStorage(storage, shape, strides, offset);
}

/** An operand shape that broadcasts to `out`: a suffix of it with some sizes replaced by 1. */
const operandArb = (out: number[]): fc.Arbitrary<Operand> =>
  fc.integer({ min: 0, max: out.length }).chain((rank) => {
    const suffix = out.slice(out.length - rank);
    return fc
      .tuple(
        fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
        fc.constantFrom<Layout>('contiguous', 'offset', 'spaced', 'column-major'),
      )
      .chain(([ones, layout]) => {
        const shape = suffix.map((s, d) => (ones[d] ? 1 : s));
        const n = shape.reduce((a, s) => a * s, 1);
        // quarter-integers: sums and products of these are exact in float32
        const values = fc.array(fc.integer({ min: -40, max: 40 }), { minLength: n, maxLength: n });
        return values.map((v) => ({ shape, layout, values: v.map((x) => x / 4) }));
      });
  });

const pairArb = fc
  .array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 })
  .chain((full) => fc.record({ a: operandArb(full), b: operandArb(full) }));

/** The broadcast shape of two shapes cut from one full shape: per aligned dim, the size that is not 1. */
function broadcastOf(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, d) => {
    const x = a[d - rank + a.length] ?? 1;
    const y = b[d - rank + b.length] ?? 1;
    return x === 1 ? y : x;
  });
}

/** The reference: for each element of `out` (row-major), read each operand at the broadcast index. */
function nestedLoop(out: number[], a: Operand, b: Operand, f: (x: number, y: number) => number): number[] {
  const read = (o: Operand, index: number[]): number => {
    const lead = out.length - o.shape.length;
    let flat = 0;
    o.shape.forEach((s, d) => {
      flat = flat * s + (s === 1 ? 0 : index[lead + d]!);
    });
    return o.values[flat]!;
  };
  const result: number[] = [];
  const total = out.reduce((acc, s) => acc * s, 1);
  const index = out.map(() => 0);
  for (let k = 0; k < total; k++) {
    result.push(f(read(a, index), read(b, index)));
    for (let d = out.length - 1; d >= 0; d--) {
      if (++index[d]! < out[d]!) break;
      index[d] = 0;
    }
  }
  return result;
}

const CASES: {
  name: string;
  dtype: DType;
  op: (a: Tensor, b: Tensor) => Tensor;
  ref: (x: number, y: number) => number;
}[] = [
  { name: 'add float32', dtype: 'float32', op: add, ref: (x, y) => Math.fround(x + y) },
  { name: 'mul float32', dtype: 'float32', op: mul, ref: (x, y) => Math.fround(x * y) },
  { name: 'sub float32', dtype: 'float32', op: sub, ref: (x, y) => Math.fround(x - y) },
  { name: 'maximum float32', dtype: 'float32', op: maximum, ref: (x, y) => Math.max(x, y) },
  { name: 'add int32', dtype: 'int32', op: add, ref: (x, y) => x + y },
  { name: 'mul int32', dtype: 'int32', op: mul, ref: (x, y) => Math.imul(x, y) },
];

describe('broadcasting against a nested loop', () => {
  for (const c of CASES) {
    it(`${c.name} over random broadcast-compatible shapes and layouts`, () => {
      fc.assert(
        fc.property(pairArb, ({ a, b }) => {
          if (c.dtype === 'int32') {
            // integer operands: scale the quarter-integers back up
            a = { ...a, values: a.values.map((v) => v * 4) };
            b = { ...b, values: b.values.map((v) => v * 4) };
          }
          const out = broadcastOf(a.shape, b.shape);
          const result = c.op(build(a, c.dtype), build(b, c.dtype));
          expect([...result.shape]).toEqual(out);
          expect(result.dtype).toBe(c.dtype);
          expect(Array.from(result.toTypedArray())).toEqual(nestedLoop(out, a, b, c.ref));
        }),
        { numRuns: 200 },
      );
    });
  }

  it('leaves its inputs and their versions alone', () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([[10], [20]]);
    expect(add(a, b).toArray()).toEqual([
      [11, 12, 13],
      [21, 22, 23],
    ]);
    expect(a.toArray()).toEqual([1, 2, 3]);
    expect([a.storage.version, b.storage.version]).toEqual([0, 0]);
  });
});

/** Records the primitive calls it is handed instead of running them. */
class Recorder implements Interpreter {
  readonly name = 'recorder';
  readonly calls: {
    name: string;
    inputs: { shape: number[]; dtype: DType; value?: number }[];
    params: unknown;
  }[] = [];
  constructor(readonly level: number) {}
  process<P>(prim: Primitive<P>, inputs: readonly (Tensor | null)[], params: P): Tensor[] {
    this.calls.push({
      name: prim.name,
      inputs: inputs.map((t) => ({
        shape: [...t!.shape],
        dtype: t!.dtype,
        ...(t!.level === 0 ? { value: t!.item() } : {}),
      })),
      params,
    });
    return [Tensor.wrap(this, null, [], 'float32')];
  }
  readout(): never {
    throw new RuntimeError('recorder: no values');
  }
}

describe('what the public functions bind', () => {
  it('numbers as 0-d tensors of the wrapped-number dtype, and plain, explicit params', () => {
    const calls = withInterpreter(
      (level) => new Recorder(level),
      (rec) => {
        const f = Tensor.wrap(rec, null, [2], 'float32');
        const i = Tensor.wrap(rec, null, [2], 'int32');
        const b = Tensor.wrap(rec, null, [2], 'bool');
        add(i, 2);
        add(i, 2.5);
        mul(b, 3);
        sub(f, true);
        where(b, 1, 0);
        gelu(f);
        clamp(f, 0);
        to(i, 'float32');
        return rec.calls;
      },
    );
    const scalar = (dtype: DType, value: number) => ({ shape: [], dtype, value });
    expect(calls).toEqual([
      { name: 'add', inputs: [{ shape: [2], dtype: 'int32' }, scalar('int32', 2)], params: {} },
      { name: 'add', inputs: [{ shape: [2], dtype: 'int32' }, scalar('float32', 2.5)], params: {} },
      { name: 'mul', inputs: [{ shape: [2], dtype: 'bool' }, scalar('int32', 3)], params: {} },
      { name: 'sub', inputs: [{ shape: [2], dtype: 'float32' }, scalar('bool', 1)], params: {} },
      {
        name: 'where',
        inputs: [{ shape: [2], dtype: 'bool' }, scalar('int32', 1), scalar('int32', 0)],
        params: {},
      },
      { name: 'gelu', inputs: [{ shape: [2], dtype: 'float32' }], params: { approximate: 'none' } },
      { name: 'clamp', inputs: [{ shape: [2], dtype: 'float32' }], params: { min: 0, max: null } },
      { name: 'to', inputs: [{ shape: [2], dtype: 'int32' }], params: { dtype: 'float32' } },
    ]);
  });
});

describe('to', () => {
  it('returns the tensor itself when the dtype already matches', () => {
    const x = tensor([1.5, -2]);
    expect(to(x, 'float32')).toBe(x);
  });

  it('returns a fresh tensor otherwise, leaving the input as it was', () => {
    const x = tensor([1.5, -2.5]);
    const y = to(x, 'int32');
    expect(y.storage).not.toBe(x.storage);
    expect(y.toArray()).toEqual([1, -2]);
    expect(x.toArray()).toEqual([1.5, -2.5]);
  });
});

describe('erf', () => {
  /** erf(x) by Simpson's rule on 2/sqrt(pi) exp(-t^2) over [0, x], in float64 (an independent computation). */
  const reference = (x: number) => {
    const n = 2000;
    const h = x / n;
    let s = 0;
    for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(-((i * h) ** 2));
    return ((s * h) / 3) * (2 / Math.sqrt(Math.PI));
  };

  it('matches the integral within float32 rounding, near 0 and in the tails', () => {
    const xs = [-4, -2.5, -1, -0.49, -0.1, -1e-6, 0, 1e-6, 0.1, 0.3, 0.5, 0.51, 1, 1.7, 3, 6];
    const got = erf(tensor(xs)).toTypedArray();
    xs.forEach((x, i) => {
      const want = reference(x);
      expect(Math.abs(got[i]! - want), `erf(${x})`).toBeLessThanOrEqual(2e-7 * Math.abs(want) + 1e-12);
    });
    expect(erf(tensor([1, 2], { dtype: 'int32' })).dtype).toBe('float32');
  });
});
