// grad composed with vmap, through BatchNorm: per-sample gradients (vmap(grad)) equal a loop of grad; vmap's BatchNorm
// error comes through unchanged, and each fix makes the per-sample gradients work; BatchNorm in training under grad
// updates its running stats once; a BatchNorm over a named axis gives member gradients that sum to the whole-batch
// gradient of the plain network; dropout keeps its forward mask for the backward pass under each randomness mode.
import { BatchNorm1d, functionalCall, GroupNorm, Linear, type Module, ReLU, Sequential } from '@bn/nn';
import { replaceAllBatchNormModules_ } from '@bn/patch';
import {
  add,
  crossEntropy,
  dropout,
  manualSeed,
  matmul,
  mean,
  mul,
  ne,
  randn,
  sigmoid,
  stack,
  sum,
  type Tensor,
  tensor,
  where,
} from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { grad } from '../src/index.js';

type Params = Record<string, Tensor>;

/** Per-member gradients of `loss` by a loop of grad, stacked like vmap's. */
function loopOfGrads(
  loss: (p: Params, x: Tensor, y: Tensor) => Tensor,
  p: Params,
  xs: Tensor,
  ys: Tensor,
): Params {
  const each = Array.from(
    { length: xs.shape[0]! },
    (_, i) => grad(loss)(p, xs.select(0, i), ys.select(0, i)) as Params,
  );
  return Object.fromEntries(Object.keys(p).map((k) => [k, stack(each.map((g) => g[k]!))]));
}

function expectSameGrads(a: Params, b: Params, rtol: number, atol: number): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const k of Object.keys(a)) expectClose(a[k]!, b[k]!, rtol, atol, k);
}

describe('vmap(grad)', () => {
  it('per-sample gradients of a shared weight equal a loop of grad', () => {
    manualSeed(1);
    const loss = (p: Params, x: Tensor, y: Tensor) => sum(mul(sigmoid(add(matmul(x, p.w!), p.b!)), y));
    const p = { w: randn([4, 3]), b: randn([3]) };
    const xs = randn([5, 4]);
    const ys = randn([5, 3]);
    const mapped = vmap(grad(loss), { inDims: [null, 0, 0] })(p, xs, ys) as Params;
    expectSameGrads(mapped, loopOfGrads(loss, p, xs, ys), 1e-5, 1e-6);
  });

  it('grad of a vmapped function equals the grad of the loop', () => {
    manualSeed(2);
    const w = randn([4, 3]);
    const xs = randn([5, 4]);
    const viaVmap = grad((v: Tensor) => sum(vmap((x: Tensor) => sigmoid(matmul(x, v)))(xs)))(w) as Tensor;
    const viaMatmul = grad((v: Tensor) => sum(sigmoid(matmul(xs, v))))(w) as Tensor;
    expectClose(viaVmap, viaMatmul, 1e-5, 1e-6, 'grad(vmap)');
  });
});

/** An MLP with a normalisation layer: Linear(6, 8), norm, ReLU, Linear(8, 3). */
function mlp(norm: Module): Sequential {
  manualSeed(3);
  return new Sequential(new Linear(6, 8), norm, new ReLU(), new Linear(8, 3));
}

/** Cross-entropy of `model` under `params` on a group of samples. */
const groupLoss = (model: Module) => (p: Params, x: Tensor, y: Tensor) =>
  crossEntropy(functionalCall<Tensor>(model, p, x), y);

function groups() {
  manualSeed(4);
  return {
    xs: randn([3, 4, 6]),
    ys: tensor(
      [
        [0, 2, 1, 1],
        [2, 2, 0, 1],
        [1, 0, 0, 2],
      ],
      { dtype: 'int32' },
    ),
  };
}

const parameters = (m: Module): Params => Object.fromEntries(m.namedParameters());

describe('vmap(grad) through BatchNorm', () => {
  it("gives vmap's BatchNorm error when the running stats are not batched, and changes nothing", () => {
    const model = mlp(new BatchNorm1d(8));
    const { xs, ys } = groups();
    const before = Object.values(Object.fromEntries(model.namedBuffers())).map((t) => t.toArray());
    expect(() => vmap(grad(groupLoss(model)), { inDims: [null, 0, 0] })(parameters(model), xs, ys)).toThrow(
      'Batch norm got a batched tensor as input while the running_mean or running_var, which will be updated in ' +
        'place, were not batched.',
    );
    expect(Object.values(Object.fromEntries(model.namedBuffers())).map((t) => t.toArray())).toEqual(before);
  });

  const fixes: [string, () => Module][] = [
    ['BatchNorm without running stats', () => mlp(new BatchNorm1d(8, { trackRunningStats: false }))],
    ['replaceAllBatchNormModules_', () => replaceAllBatchNormModules_(mlp(new BatchNorm1d(8)))],
    ['GroupNorm', () => mlp(new GroupNorm(2, 8))],
    ['eval mode', () => mlp(new BatchNorm1d(8)).eval()],
  ];
  for (const [name, build] of fixes) {
    it(`equals a loop of grad with ${name}`, () => {
      const model = build();
      const { xs, ys } = groups();
      const p = parameters(model);
      const loss = groupLoss(model);
      const mapped = vmap(grad(loss), { inDims: [null, 0, 0] })(p, xs, ys) as Params;
      expectSameGrads(mapped, loopOfGrads(loss, p, xs, ys), 1e-4, 1e-6);
    });
  }
});

describe('BatchNorm in training under grad', () => {
  it('updates its running stats once, from the primal batch, and its gradient is the batch-statistics one', () => {
    const tracked = mlp(new BatchNorm1d(8));
    const plain = mlp(new BatchNorm1d(8));
    const untracked = mlp(new BatchNorm1d(8, { trackRunningStats: false }));
    const { xs, ys } = groups();
    const [x, y] = [xs.select(0, 0), ys.select(0, 0)];
    const g = grad(groupLoss(tracked))(parameters(tracked), x, y) as Params;
    plain.forward(x);
    const buffers = (m: Module) => Object.fromEntries(m.namedBuffers());
    expectSameGrads(buffers(tracked), buffers(plain), 0, 0);
    expect(buffers(tracked)['1.num_batches_tracked']!.item()).toBe(1);
    expectSameGrads(g, grad(groupLoss(untracked))(parameters(untracked), x, y) as Params, 0, 0);
  });
});

describe('grad over a named axis', () => {
  it('member gradients sum to the whole-batch gradient of the plain BatchNorm network; stats update once', () => {
    const named = mlp(new BatchNorm1d(8, { axisName: 'batch' }));
    const plain = mlp(new BatchNorm1d(8));
    const { xs, ys } = groups();
    const [x, y] = [xs.select(0, 0), ys.select(0, 0)];
    // per sample: the sample's share of the mean loss over the batch
    const memberLoss = (p: Params, xi: Tensor, yi: Tensor) =>
      mean(
        crossEntropy(functionalCall<Tensor>(named, p, xi.unsqueeze(0)), yi.unsqueeze(0), {
          reduction: 'none',
        }),
      ).div(4);
    const perSample = vmap(grad(memberLoss), { inDims: [null, 0, 0], axisName: 'batch' })(
      parameters(named),
      x,
      y,
    ) as Params;
    const summed = Object.fromEntries(Object.entries(perSample).map(([k, t]) => [k, sum(t, 0)]));
    const whole = grad(groupLoss(plain))(parameters(plain), x, y) as Params;
    expectSameGrads(summed, whole, 1e-4, 1e-6);
    const buffers = (m: Module) => Object.fromEntries(m.namedBuffers());
    expectSameGrads(buffers(named), buffers(plain), 1e-5, 1e-6);
  });
});

describe('dropout under vmap(grad)', () => {
  // the gradient of sum(dropout(x) * w) in x is w / (1 - p) where the element was kept, 0 elsewhere: it must use the
  // mask of the forward's output, never a fresh draw
  const p = 0.5;
  const members = 6;
  const f = (x: Tensor, w: Tensor) => {
    const out = dropout(x, p);
    return [sum(mul(out, w)), out] as const;
  };
  const gradAndOutput = grad((x: Tensor, w: Tensor) => f(x, w), { hasAux: true });
  const masks = (t: Tensor) => (t.toArray() as number[][]).map((row) => row.map((v) => v !== 0));

  it('keeps the forward mask for the backward pass, per member with randomness "different"', () => {
    manualSeed(5);
    const xs = add(randn([members, 20]).abs(), 0.1); // no element is 0 but a dropped one
    const w = randn([20]);
    const [g, out] = vmap(gradAndOutput, { inDims: [0, null], randomness: 'different' })(xs, w) as [
      Tensor,
      Tensor,
    ];
    const kept = masks(out);
    expect(masks(g)).toEqual(kept);
    expectClose(g, mul(where(ne(out, 0), 1 / (1 - p), 0), w), 1e-6, 1e-7);
    // members draw their own masks
    expect(kept.some((row) => row.join() !== kept[0]!.join())).toBe(true);
  });

  it('shares one mask across members with randomness "same"', () => {
    manualSeed(6);
    const xs = add(randn([members, 20]).abs(), 0.1);
    const w = randn([20]);
    const [g, out] = vmap(gradAndOutput, { inDims: [0, null], randomness: 'same' })(xs, w) as [
      Tensor,
      Tensor,
    ];
    const kept = masks(out);
    expect(masks(g)).toEqual(kept);
    expect(kept.every((row) => row.join() === kept[0]!.join())).toBe(true);
  });

  it("refuses the draw with randomness 'error', as vmap does", () => {
    const xs = randn([members, 20]);
    expect(() => vmap(gradAndOutput, { inDims: [0, null] })(xs, randn([20]))).toThrow(
      /vmap: called random operation while in randomness error mode/,
    );
  });
});
