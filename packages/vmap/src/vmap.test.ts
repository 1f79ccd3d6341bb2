// The public vmap: in-dims/out-dims trees, modules, batch sizes 0 and 1, chunking, readouts and functorch's
// errors (each throwing call leaves its inputs untouched).
import {
  ArgumentTypeError,
  add,
  groupNorm,
  matmul,
  mul,
  RuntimeError,
  stack,
  stackDepth,
  sum,
  type Tensor,
  tensor,
  ValueError,
} from '@bn/tensor';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { floats } from '../test/values.js';
import { vmap } from './index.js';

const loop = (n: number, f: (i: number) => Tensor, dim = 0) =>
  stack(
    Array.from({ length: n }, (_, i) => f(i)),
    dim,
  );

describe('vmap: mapping', () => {
  it('maps over dim 0 by default and equals a loop', () => {
    const x = floats([4, 3], 1);
    const w = floats([3, 2], 2);
    const out = vmap((row: Tensor) => matmul(row, w))(x);
    expect(out.toArray()).toEqual(loop(4, (i) => matmul(x.select(0, i), w)).toArray());
  });

  it('takes in-dims per argument, negative dims and null for unmapped arguments', () => {
    const x = floats([3, 5], 3); // mapped over dim -1 (size 5)
    const y = floats([3], 4);
    const out = vmap((a: Tensor, b: Tensor) => add(a, b), { inDims: [-1, null] })(x, y);
    expect(out.toArray()).toEqual(loop(5, (i) => add(x.select(1, i), y)).toArray());
  });

  it('takes in-dims as a tree matching nested arrays and objects', () => {
    const a = floats([2, 3], 5);
    const b = floats([3, 2], 6);
    const c = floats([3], 7);
    const f = ({ p, q }: { p: Tensor; q: [Tensor, Tensor] }) => add(mul(p, q[0]), q[1]);
    const out = vmap(f, { inDims: [{ p: 0, q: [1, null] }] })({ p: a, q: [b, c] });
    expect(out.toArray()).toEqual(loop(2, (i) => add(mul(a.select(0, i), b.select(1, i)), c)).toArray());
  });

  it('passes non-tensor arguments through with a null in-dim', () => {
    const x = floats([2, 3], 8);
    const out = vmap((t: Tensor, k: number) => mul(t, k), { inDims: [0, null] })(x, 3);
    expect(out.toArray()).toEqual(mul(x, 3).toArray());
  });

  it('maps a module (an object with forward)', () => {
    const scale = floats([3], 9);
    const module = {
      scale,
      forward(t: Tensor) {
        return mul(t, this.scale);
      },
    };
    const x = floats([4, 3], 10);
    expect(vmap(module)(x).toArray()).toEqual(loop(4, (i) => mul(x.select(0, i), scale)).toArray());
  });

  it('returns trees of tensors with out-dims per output', () => {
    const x = floats([2, 3], 11);
    const out = vmap((t: Tensor) => ({ s: sum(t), t: [t, mul(t, 2)] }), { outDims: { s: 0, t: [1, -1] } })(x);
    expect(out.s.toArray()).toEqual(sum(x, 1).toArray());
    expect(out.t[0]!.toArray()).toEqual(x.t().toArray());
    expect(out.t[1]!.toArray()).toEqual(mul(x, 2).t().toArray());
  });

  it('expands an unbatched output along its out-dim; passes it through with out-dim null', () => {
    const c = tensor([1, 2]);
    const x = floats([3, 4], 12);
    const expanded = vmap((_: Tensor) => c, { outDims: 1 })(x);
    expect(expanded.toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(vmap((_: Tensor) => c, { outDims: null })(x)).toBe(c);
    const pair = vmap((t: Tensor) => [t, 'label'], { outDims: [0, null] })(x);
    expect(pair[1]).toBe('label');
  });

  it('handles batch sizes 0 and 1', () => {
    const empty = floats([0, 3], 13);
    expect(vmap((t: Tensor) => mul(t, 2))(empty).shape).toEqual([0, 3]);
    expect(vmap((t: Tensor) => sum(t))(floats([0, 3], 13)).shape).toEqual([0]);
    const one = floats([1, 3], 14);
    expect(vmap((t: Tensor) => mul(t, 2))(one).toArray()).toEqual(mul(one, 2).toArray());
  });

  it('shows only the logical shape inside; nested levels each hide their dim', () => {
    const shapes: number[][] = [];
    const x = floats([2, 3, 4], 15);
    vmap(
      vmap(
        (t: Tensor) => {
          shapes.push([...t.shape]);
          return t;
        },
        { inDims: 1 },
      ),
    )(x);
    expect(shapes).toEqual([[3]]);
  });

  it('nested vmaps equal a double loop', () => {
    const x = floats([2, 3, 4], 16);
    const y = floats([4, 3], 17);
    const f = (a: Tensor, b: Tensor) => sum(mul(a, b));
    const out = vmap(vmap(f, { inDims: [0, 1] }), { inDims: [0, null] })(x, y);
    const expected = loop(2, (i) => loop(3, (j) => f(x.select(0, i).select(0, j), y.select(1, j))));
    expect(out.toArray()).toEqual(expected.toArray());
  });

  it('chunkSize splits the batch and concatenates: equal to no chunking', () => {
    const x = floats([7, 3], 18);
    const f = (t: Tensor) => ({ a: mul(t, t), b: sum(t) });
    const whole = vmap(f, { outDims: { a: 1, b: 0 } })(x);
    for (const chunkSize of [1, 2, 3, 7, 100]) {
      const chunked = vmap(f, { outDims: { a: 1, b: 0 }, chunkSize })(x);
      expect(chunked.a.toArray()).toEqual(whole.a.toArray());
      expect(chunked.b.toArray()).toEqual(whole.b.toArray());
    }
  });
});

describe('vmap: types', () => {
  it('keeps the argument and return types of the mapped function or module', () => {
    expectTypeOf(vmap((a: Tensor, k: number) => mul(a, k))).toEqualTypeOf<(a: Tensor, k: number) => Tensor>();
    const module = { forward: (a: Tensor) => ({ y: a, z: [a] }) };
    expectTypeOf(vmap(module)).toEqualTypeOf<(a: Tensor) => { y: Tensor; z: Tensor[] }>();
  });
});

describe('vmap: errors (functorch wording)', () => {
  const x = floats([3, 4], 20);

  it('rejects in-dims out of range', () => {
    expect(() => vmap((t: Tensor) => t, { inDims: 2 })(x)).toThrow(
      'Got in_dim=2 for some input, but that input is a Tensor of dimensionality 2 so expected in_dim to satisfy -2 <= in_dim < 2.',
    );
    expect(() => vmap((t: Tensor) => t, { inDims: -3 })(x)).toThrow(ValueError);
  });

  it('rejects mismatched batch sizes', () => {
    expect(() =>
      vmap((a: Tensor, b: Tensor) => add(a, b), { inDims: [0, 1] })(floats([5, 2], 1), floats([2, 4], 2)),
    ).toThrow(
      'vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [5, 4] for the mapped dimension',
    );
  });

  it('rejects in-dims that do not match the arguments, and in-dims on non-tensors', () => {
    expect(() => vmap((a: Tensor, b: Tensor) => add(a, b), { inDims: [0] })(x, x)).toThrow(
      'in_dims is not compatible with the structure of `inputs`. in_dims has structure [*] but inputs has structure [*, *].',
    );
    expect(() => vmap((a: Tensor, k: number) => mul(a, k), { inDims: [0, 0] })(x, 3)).toThrow(
      'Got in_dim=0 for an input but the input is of type number. We cannot vmap over non-Tensor arguments',
    );
    expect(() => vmap((a: Tensor) => a, { inDims: [1.5] })(x)).toThrow(
      'in_dim must be either an integer dimension or null',
    );
    expect(() => vmap((a: Tensor) => a, { inDims: null })(x)).toThrow(
      'expected `in_dims` to be int or a (potentially nested) tuple',
    );
  });

  it('needs inputs and at least one mapped tensor', () => {
    expect(() => vmap(() => x)()).toThrow('got no inputs. Maybe you forgot to add inputs');
    expect(() => vmap((a: Tensor) => a, { inDims: [null] })(x)).toThrow(
      'vmap: Expected at least one Tensor to vmap over',
    );
  });

  it('rejects non-tensor outputs and batched outputs with out-dim null', () => {
    expect(() => vmap((_: Tensor) => 3)(x)).toThrow(
      '`<anonymous>` must only return Tensors, got type number as a return.',
    );
    const named = function double(t: Tensor) {
      return mul(t, 2);
    };
    expect(() => vmap(named, { outDims: null })(x)).toThrow(
      'vmap(double, ...): `double` can not return a BatchedTensor when out_dim is None',
    );
    expect(() => vmap((t: Tensor) => [t, t], { outDims: [0, 0, 0] })(x)).toThrow(
      'out_dims is not compatible with the structure of `outputs`',
    );
  });

  it('validates options when vmap is called', () => {
    expect(() => vmap((t: Tensor) => t, { randomness: 'foo' as 'same' })).toThrow(
      "Only allowed values for randomness are 'error', 'different', or 'same'. Got foo",
    );
    expect(() => vmap((t: Tensor) => t, { chunkSize: 0 })).toThrow(
      'vmap: chunk_size should be None or greater than 0. (got 0)',
    );
    expect(() => vmap((t: Tensor) => t, { chunkSize: 2, axisName: 'i' })).toThrow(
      "chunkSize cannot be combined with axisName: psum/pmean over 'i' would reduce within each chunk",
    );
    expect(() => vmap((t: Tensor) => t, { outDims: 1.5 })).toThrow(
      '`out_dims` must be an int or a python collection of ints',
    );
  });

  it('refuses to read values of a batched tensor', () => {
    // functorch's first sentence, then what happened and what to do in @bn's terms (no "PyTorch internals")
    expect(() => vmap((t: Tensor) => tensor(sum(t).item()))(x)).toThrow(
      new RuntimeError(
        "vmap: It looks like you're calling .item() on a Tensor. Inside vmap, the function runs once for the whole " +
          'batch, not once per member: this tensor stands for all 3 members at once (each of shape []), so it has ' +
          "no single member's values to give. Compute with tensor operations instead (where(condition, a, b) for a " +
          'choice that depends on the values), or read the values from what vmap returns.',
      ),
    );
    expect(() => vmap((t: Tensor) => tensor(t.toArray() as number[]))(x)).toThrow(
      'this tensor stands for all 3 members at once (each of shape [4])',
    );
    expect(() => vmap((t: Tensor) => t.toTypedArray() && t)(x)).toThrow('.toTypedArray()');
    expect(() => vmap((t: Tensor) => t.storage && t)(x)).toThrow(
      'vmap: storage access is not possible on a batched Tensor: it has no storage of its own',
    );
  });

  it("checks each member's call as the eager op would, quoting logical shapes", () => {
    // groupNorm needs more than one value per group: true of the folded [3, 2, 1, 1] batch, false of each member
    const one = floats([3, 1, 2, 1, 1], 21);
    const eager = () => groupNorm(one.select(0, 0), 2);
    expect(eager).toThrow('Expected more than 1 value per channel when training');
    expect(() => vmap((t: Tensor) => groupNorm(t, 2))(one)).toThrow(
      'Expected more than 1 value per channel when training, got input size [1, 2, 1, 1]',
    );
    expect(() => vmap((t: Tensor) => matmul(t, floats([3, 2], 22)))(x)).toThrow(/\[4\]/);
  });

  it('throws "escaped" when a batched tensor is used after its vmap returned', () => {
    let leaked: Tensor | undefined;
    vmap((t: Tensor) => {
      leaked = t;
      return t;
    })(x);
    expect(() => mul(leaked!, 2)).toThrow(/escaped from a vmap/);
  });
});

describe('vmap: what it maps', () => {
  it('refuses what is neither a function nor a module, when vmap is called', () => {
    expect(() => vmap(5 as never)).toThrow(
      new ArgumentTypeError(
        "vmap(): argument 'func' must be a function or a module (an object with a forward method), but got a number",
      ),
    );
    expect(() => vmap({ forward: 1 } as never)).toThrow(ArgumentTypeError);
  });

  it('refuses an async function or forward before running it', () => {
    let ran = 0;
    const asyncFn = async (x: Tensor) => {
      ran++;
      return x;
    };
    expect(() => vmap(asyncFn)).toThrow("vmap(): argument 'func' is an async function");
    expect(() => vmap({ forward: asyncFn })).toThrow("vmap(): argument 'func.forward' is an async function");
    expect(ran).toBe(0);
  });

  it('refuses a returned promise, leaves no level behind and no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', record);
    try {
      const returnsPromise = (x: Tensor) => Promise.reject(new Error(`late ${x.shape}`));
      expect(() => vmap(returnsPromise)(floats([3, 2], 1))).toThrow(
        "vmap(): argument 'func' returned a Promise, but vmap runs it synchronously",
      );
      expect(stackDepth()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
