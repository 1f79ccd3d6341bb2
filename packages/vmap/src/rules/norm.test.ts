// batchNorm under vmap with real values: functorch's error for unbatched running stats in training (nothing
// written), eval mode with any batching, ensembles updating per-member running stats in the caller's buffers,
// training without running stats, nested levels. Each result is checked against a loop over the members.
import { batchNorm, clone, RuntimeError, select, stack, type Tensor, withScope } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { floats, ints, positives } from '../../test/values.js';
import { vmap } from '../index.js';
import { BATCH_NORM_FIXES, BATCH_NORM_KEEP_STATS } from '../messages.js';

const FUNCTORCH =
  'Batch norm got a batched tensor as input while the running_mean or running_var, which will be updated in ' +
  'place, were not batched.';

type Args = (Tensor | null)[];
type Dims = (number | null)[];
type Options = { training: boolean; momentum?: number | null };

/** batchNorm over (x, weight, bias, runningMean, runningVar, numBatchesTracked), as the primitive's inputs. */
const bn =
  ({ training, momentum = 0.1 }: Options) =>
  (...[x, weight = null, bias = null, rm = null, rv = null, nbt = null]: Args) =>
    batchNorm(x!, rm, rv, { weight, bias, training, momentum, numBatchesTracked: nbt });

/** Fresh copies, so a loop writes into its own buffers. */
const copies = (args: Args): Args => args.map((t) => t && clone(t));

/** `f` on each of `size` members (slices of `args` along `dims`, shared where null), stacked along dim 0. */
function loop(args: Args, dims: Dims, size: number, f: (...xs: Args) => Tensor): Tensor {
  const member = (b: number) => args.map((t, i) => (t && dims[i] !== null ? select(t, dims[i]!, b) : t));
  return stack(Array.from({ length: size }, (_, b) => f(...member(b))));
}

/** A tensor's values and storage version, to check that a call did or did not change it. */
const snapshot = (t: Tensor) => ({ values: t.toArray(), version: t.storage.version });

/** vmap(f) and a loop on copies of the inputs: the outputs and every input (running stats included) agree. */
function expectLoop(args: Args, dims: Dims, size: number, options: Options): void {
  const expectedArgs = copies(args);
  const expected = loop(expectedArgs, dims, size, bn(options));
  const actual = vmap(bn(options), { inDims: dims })(...args);
  expectClose(actual, expected, 1e-5, 1e-6, 'output');
  args.forEach((t, i) => {
    if (t) expectClose(t, expectedArgs[i]!, 1e-5, 1e-6, `input ${i}`);
  });
}

describe('batchNorm in training with an unbatched running stat', () => {
  const x = floats([3, 2, 4, 2, 2], 1); // 3 members of [N 2, C 4, 2, 2]
  const [weight, bias, rm, rv] = [floats([4], 2), floats([4], 3), floats([4], 4), positives([4], 5)];

  /** Runs `call`, returns what it threw and checks that no tensor in `untouched` changed. */
  function thrownBy(call: () => unknown, untouched: Tensor[]): Error {
    const before = untouched.map(snapshot);
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RuntimeError);
    expect(untouched.map(snapshot)).toEqual(before);
    return thrown as Error;
  }

  it("throws functorch's error, the module's path, the four fixes and the ways to keep stats, and writes nothing", () => {
    const f = (xi: Tensor) => batchNorm(xi, rm, rv, { weight, bias, training: true });
    const error = thrownBy(
      () => withScope('layer1.0.bn1 (BatchNorm2d)', () => vmap(f)(x)),
      [x, weight, bias, rm, rv],
    );
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(FUNCTORCH);
    expect(lines[1]).toBe('  in layer1.0.bn1 (BatchNorm2d)');
    const fixes = lines.filter((l) => /^ {2}\d\. /.test(l)).map((l) => l.slice(5));
    expect(fixes).toHaveLength(4);
    expect(fixes).toEqual(BATCH_NORM_FIXES);
    expect(error.message).toMatch(/GroupNorm.*trackRunningStats: false/);
    expect(error.message).toMatch(/normLayer/);
    expect(error.message).toMatch(/replaceAllBatchNormModules_/);
    expect(error.message).toMatch(/eval/);
    const keep = lines.slice(lines.indexOf('To keep running stats under vmap (beyond functorch):') + 1);
    expect(keep).toEqual(BATCH_NORM_KEEP_STATS.map((way) => `  - ${way}`));
    expect(error.message).toMatch(/axisName/);
    expect(error.message).toMatch(/stackModuleState/);
  });

  it('names the scope pushed inside the mapped function, as a module does', () => {
    const f = (xi: Tensor) =>
      withScope('layer2.1.bn2 (BatchNorm2d)', () => batchNorm(xi, rm, rv, { training: true }));
    const error = thrownBy(() => vmap(f)(x), [x, rm, rv]);
    expect(error.message.split('\n').slice(0, 2)).toEqual([FUNCTORCH, '  in layer2.1.bn2 (BatchNorm2d)']);
  });

  it('throws for a batched weight, a single unbatched stat, or a stat batched by the inner level only', () => {
    const shared = x.select(0, 0);
    const weights = floats([3, 4], 6);
    expect(() =>
      vmap((w: Tensor) => batchNorm(shared, rm, rv, { weight: w, training: true }))(weights),
    ).toThrow(FUNCTORCH);
    // the batched mean is left as it was too
    const means = floats([3, 4], 7);
    thrownBy(
      () => vmap((xi: Tensor, m: Tensor) => batchNorm(xi, m, rv, { training: true }))(x, means),
      [means, rv],
    );
    // the inner level batches the stats, the outer one x: the outer members would share them, the outer level refuses
    const xs = floats([2, 2, 4], 8);
    const variances = positives([3, 4], 9);
    const f = vmap((xo: Tensor) =>
      vmap((m: Tensor, v: Tensor) => batchNorm(xo, m, v, { training: true }))(means, variances),
    );
    expect(thrownBy(() => f(xs), [xs, means, variances]).message.startsWith(FUNCTORCH)).toBe(true);
  });

  it('throws no error without running stats or in eval mode', () => {
    expect(vmap((xi: Tensor) => batchNorm(xi, null, null, { training: true }))(x).shape).toEqual(x.shape);
    expect(vmap((xi: Tensor) => batchNorm(xi, rm, rv, { training: false }))(x).shape).toEqual(x.shape);
  });
});

describe('batchNorm in eval mode equals the loop for any batching', () => {
  const B = 3;
  const c = 4;
  // x of members [N 2, C 4, 3] stacked along dim 0, weight, bias, runningMean, runningVar, numBatchesTracked
  const shared: Args = [
    floats([2, c, 3], 10),
    floats([c], 11),
    floats([c], 12),
    floats([c], 13),
    positives([c], 14),
    null,
  ];
  const batched: Args = [
    floats([B, 2, c, 3], 15),
    floats([c, B], 16),
    floats([B, c], 17),
    floats([c, B], 18),
    positives([B, c], 19),
    null,
  ];
  const DIMS = [0, 1, 0, 1, 0, null];
  const pick = (mask: boolean[]): [Args, Dims] => [
    mask.map((m, i) => (m ? batched[i]! : shared[i]!)),
    mask.map((m, i) => (m ? DIMS[i]! : null)),
  ];

  const cases: [string, boolean[]][] = [
    ['x only (folded into N)', [true, false, false, false, false, false]],
    ['x and weight', [true, true, false, false, false, false]],
    ['bias only', [false, false, true, false, false, false]],
    ['running stats only (an ensemble over one input)', [false, false, false, true, true, false]],
    ['everything', [true, true, true, true, true, false]],
  ];
  for (const [name, mask] of cases) {
    it(name, () => {
      const [args, dims] = pick(mask);
      const before = [args[3]!, args[4]!].map(snapshot);
      expectLoop(args, dims, B, { training: false });
      expect([args[3]!, args[4]!].map(snapshot)).toEqual(before);
    });
  }

  it('logical [N, C] (BatchNorm1d) and [N, C, D, H, W] inputs, x mapped over an inner dim', () => {
    for (const s of [
      [2, c],
      [2, c, 2, 2, 2],
    ]) {
      const x = floats([2, B, ...s.slice(1)], 20); // members along dim 1 of [N, B, C, ...]
      const args: Args = [x, null, null, shared[3]!, shared[4]!, null];
      expectLoop(args, [1, null, null, null, null, null], B, { training: false });
    }
  });

  it('without running stats: batch statistics of each member', () => {
    expectLoop([batched[0]!, null, null, null, null, null], [0, null, null, null, null, null], B, {
      training: false,
    });
  });
});

describe('batchNorm ensembles: batched running stats update per member in the caller buffers', () => {
  const B = 3;
  const c = 2;
  const x = floats([B, 4, c, 3], 21); // members [N 4, C 2, L 3]

  for (const [layout, statDim] of [
    ['[B, C] with in-dim 0', 0],
    ['[C, B] with in-dim 1 (the fold is not a view)', 1],
  ] as const) {
    for (const momentum of [0.1, null]) {
      it(`${layout}, momentum ${momentum}`, () => {
        const stat = (make: typeof floats, seed: number) => make(statDim === 0 ? [B, c] : [c, B], seed);
        const rm = stat(floats, 22);
        const rv = stat(positives, 23);
        const nbt = ints([B], 24, 1, 5); // the cumulative average's count, one per member
        const versions = [rm, rv].map((t) => t.storage.version);
        const expected = [rm, rv].map(clone);
        const outs = Array.from({ length: B }, (_, b) =>
          batchNorm(x.select(0, b), expected[0]!.select(statDim, b), expected[1]!.select(statDim, b), {
            training: true,
            momentum,
            numBatchesTracked: nbt.select(0, b),
          }),
        );
        const out = vmap(bn({ training: true, momentum }), { inDims: [0, null, null, statDim, statDim, 0] })(
          x,
          null,
          null,
          rm,
          rv,
          nbt,
        );
        expectClose(out, stack(outs));
        expectClose(rm, expected[0]!, 1e-6, 1e-7, 'running mean');
        expectClose(rv, expected[1]!, 1e-6, 1e-7, 'running var');
        expect([rm, rv].map((t) => t.storage.version)).toEqual(versions.map((v) => v + 1));
      });
    }
  }

  it('members sharing one input with their own weights and stats', () => {
    const args: Args = [
      x.select(0, 0),
      floats([B, c], 25),
      null,
      floats([c, B], 26),
      positives([B, c], 27),
      null,
    ];
    expectLoop(args, [null, 0, null, 1, 0, null], B, { training: true, momentum: 0.3 });
  });

  it('a [C] count shared by the members and a batched [B, C] count', () => {
    const stats = (): Args => [floats([B, c], 28), positives([B, c], 29)];
    const base: Args = [x, floats([c], 30), floats([c], 31)];
    expectLoop([...base, ...stats(), ints([c], 32, 1, 4)], [0, null, null, 0, 0, null], B, {
      training: true,
      momentum: null,
    });
    expectLoop([...base, ...stats(), ints([c, B], 33, 1, 4)], [0, null, null, 0, 0, 1], B, {
      training: true,
      momentum: null,
    });
  });
});

describe('batchNorm in training without running stats equals the loop', () => {
  const B = 2;
  it('x batched, shared affine', () => {
    expectLoop(
      [floats([2, B, 3, 5], 34), floats([3], 35), floats([3], 36), null, null, null],
      [1, null, null, null, null, null],
      B,
      {
        training: true,
      },
    );
  });
  it('x and weight batched, logical [N, C]', () => {
    expectLoop(
      [floats([B, 4, 3], 37), floats([3, B], 38), null, null, null, null],
      [0, 1, null, null, null, null],
      B,
      {
        training: true,
      },
    );
  });
  it('x shared, bias batched', () => {
    expectLoop(
      [floats([4, 3, 2], 39), null, floats([B, 3], 40), null, null, null],
      [null, null, 0, null, null, null],
      B,
      {
        training: true,
      },
    );
  });
});

describe('nested vmap over batchNorm', () => {
  const [B1, B2, n, c] = [2, 3, 4, 2];

  /** The outer loop over the inner loop, on copies of the inputs; returns [out, copies]. */
  function nestedLoop(args: Args, inner: Dims, outer: Dims, options: Options): [Tensor, Args] {
    const own = copies(args);
    const out = loop(own, outer, B1, (...xs) => loop(xs, inner, B2, bn(options)));
    return [out, own];
  }

  it('training: per-member running stats batched at both levels are updated in place', () => {
    const x = floats([B1, n, B2, c, 3], 41); // outer dim 0, then inner dim 1 of [n, B2, c, 3]
    const rm = floats([c, B1, B2], 42); // outer dim 1, then inner dim 1 of [c, B2]
    const rv = positives([B2, B1, c], 43); // outer dim 1, then inner dim 0 of [B2, c]
    const weight = floats([B2, c], 44); // inner level only
    const args: Args = [x, weight, null, rm, rv, null];
    const inner: Dims = [1, 0, null, 1, 0, null];
    const outer: Dims = [0, null, null, 1, 1, null];
    const [expected, own] = nestedLoop(args, inner, outer, { training: true });
    const f = vmap(vmap(bn({ training: true }), { inDims: inner }), { inDims: outer });
    expectClose(f(...args), expected);
    expectClose(rm, own[3]!, 1e-6, 1e-7, 'running mean');
    expectClose(rv, own[4]!, 1e-6, 1e-7, 'running var');
  });

  it('eval: shared running stats, x batched at both levels', () => {
    const x = floats([n, B2, c, B1], 45);
    const args: Args = [x, floats([c], 46), floats([c], 47), floats([c], 48), positives([c], 49), null];
    const inner: Dims = [1, null, null, null, null, null];
    const outer: Dims = [3, null, null, null, null, null];
    const [expected] = nestedLoop(args, inner, outer, { training: false });
    const f = vmap(vmap(bn({ training: false }), { inDims: inner }), { inDims: outer });
    expectClose(f(...args), expected);
  });
});
