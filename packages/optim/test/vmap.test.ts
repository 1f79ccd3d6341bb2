// The pure core under vmap: `vmap(update)` over stacked parameters, gradients and states equals a loop of `update`
// over the members, for each optimizer; and an ensemble's whole training step (grad of a loss through
// functionalCall, then the optimizer) is one vmapped function, functorch's examples/ensembling/parallel_train.py.
import { grad } from '@bn/autograd';
import { functionalCall, Linear, type Module, ReLU, Sequential, stackModuleState } from '@bn/nn';
import {
  crossEntropy,
  manualSeed,
  randint,
  randn,
  stack,
  type Tensor,
  treeFlatten,
  treeUnflatten,
} from '@bn/tensor';
import { maxAbsDiff } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import {
  adam,
  adamw,
  type FunctionalOptimizer,
  type GradTree,
  type ParamState,
  type ParamTree,
  sgd,
} from '../src/index.js';

const MEMBERS = 3;
const STEPS = 3;

/** The trees stacked leaf by leaf along a new first dim. */
function stackTrees<T>(trees: readonly T[]): T {
  const flat = trees.map((t) => treeFlatten(t));
  const leaves = flat[0]!.leaves.map((_, i) => stack(flat.map((f) => f.leaves[i] as Tensor)));
  return treeUnflatten(leaves, flat[0]!.spec) as T;
}

/** Member `m` of a stacked tree. */
function memberOf(tree: unknown, m: number): Tensor[] {
  return treeFlatten(tree).leaves.map((t) => (t as Tensor).select(0, m));
}

function expectSameLeaves(actual: Tensor[], expected: unknown, what: string): void {
  const leaves = treeFlatten(expected).leaves as Tensor[];
  expect(actual.length, what).toBe(leaves.length);
  actual.forEach((t, i) => {
    expect(maxAbsDiff(t, leaves[i]!), `${what}: leaf ${i}`).toBe(0);
  });
}

const draw = () => ({ w: randn([3, 4]), b: randn([3]) });

describe('vmap(update) over stacked members equals a loop of update', () => {
  const cases: [string, FunctionalOptimizer<ParamState>][] = [
    ['SGD, nesterov, weight decay', sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
    ['SGD, dampening, maximize', sgd({ lr: 0.1, momentum: 0.5, dampening: 0.3, maximize: true })],
    ['Adam, amsgrad, weight decay', adam({ lr: 0.05, amsgrad: true, weightDecay: 0.1 })],
    ['AdamW, maximize', adamw({ lr: 0.05, maximize: true })],
  ];
  for (const [name, opt] of cases) {
    it(name, () => {
      manualSeed(0);
      const params = Array.from({ length: MEMBERS }, draw);
      const grads = Array.from({ length: STEPS }, () => Array.from({ length: MEMBERS }, draw));
      const loop = params.map((p, m) => {
        let out: { params: ParamTree; state: unknown } = { params: p, state: opt.init(p) };
        for (const step of grads) out = opt.update(step[m]!, out.state as never, out.params);
        return out;
      });
      let params_ = stackTrees(params) as ParamTree;
      let state = vmap(opt.init)(params_);
      for (const step of grads) {
        ({ params: params_, state } = vmap(opt.update)(stackTrees(step) as GradTree, state, params_));
      }
      loop.forEach((expected, m) => {
        expectSameLeaves(memberOf(params_, m), expected.params, `member ${m} params`);
        expectSameLeaves(memberOf(state, m), expected.state, `member ${m} state`);
      });
    });
  }
});

describe('an ensemble trained in one vmapped step (parallel_train.py)', () => {
  const build = () => new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));

  it("vmap over the members' parameters and optimizer states equals training each model alone", () => {
    manualSeed(1);
    const models: Module[] = Array.from({ length: MEMBERS }, build);
    const [params] = stackModuleState(models);
    const x = randn([16, 4]);
    const y = randint(0, 3, [16]);
    const base = models[0]!;
    const loss = (p: Record<string, Tensor>, input: Tensor, target: Tensor) =>
      crossEntropy(functionalCall<Tensor>(base, p, input), target);
    const opt = adam({ lr: 0.01, weightDecay: 1e-4 });
    const trainStep = (p: Record<string, Tensor>, s: unknown, input: Tensor, target: Tensor) =>
      opt.update(grad(loss)(p, input, target) as GradTree, s as never, p);

    let stacked: { params: Record<string, Tensor>; state: unknown } = {
      params,
      state: vmap(opt.init)(params),
    };
    for (let k = 0; k < STEPS; k++) {
      stacked = vmap(trainStep, { inDims: [0, 0, null, null] })(stacked.params, stacked.state, x, y);
    }

    models.forEach((model, m) => {
      let p = Object.fromEntries(model.namedParameters());
      let state = opt.init(p);
      for (let k = 0; k < STEPS; k++) ({ params: p, state } = trainStep(p, state, x, y));
      memberOf(stacked.params, m).forEach((t, i) => {
        expect(maxAbsDiff(t, Object.values(p)[i]!), `member ${m} parameter ${i}`).toBeLessThan(1e-6);
      });
    });
  });
});
