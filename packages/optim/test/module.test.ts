// The stateful optimizer over a module's parameters: `step(grad(loss)(params))` updates the tensors the module holds
// (and equals the pure core on copies); the forms of parameters and gradients it takes; PyTorch's skipping of a
// parameter without a gradient; writable options; state dicts that resume training exactly, for optimizers and
// schedulers.
import { grad } from '@bn/autograd';
import { functionalCall, Linear, ReLU, Sequential } from '@bn/nn';
import { crossEntropy, manualSeed, randint, randn, type Tensor, tensor } from '@bn/tensor';
import { maxAbsDiff } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { Adam, AdamW, CosineAnnealingLR, type GradTree, SGD, StepLR, sgd } from '../src/index.js';

function setup() {
  manualSeed(2);
  const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
  const x = randn([16, 4]);
  const y = randint(0, 3, [16]);
  const loss = (p: Record<string, Tensor>) => crossEntropy(functionalCall<Tensor>(net, p, x), y);
  const params = () => Object.fromEntries(net.namedParameters());
  return { net, x, loss, params };
}

const clones = (dict: Record<string, Tensor>) =>
  Object.fromEntries(Object.entries(dict).map(([k, t]) => [k, t.clone()]));

function expectSame(a: Record<string, Tensor>, b: Record<string, Tensor>): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const k of Object.keys(a)) expect(maxAbsDiff(a[k]!, b[k]!), k).toBe(0);
}

describe('a module trained by the stateful optimizer', () => {
  it("sees each step in its own tensors, which equal the pure core's", () => {
    const { net, x, loss, params } = setup();
    const held = net.namedParameters().map(([, t]) => t);
    const before = net.forward(x) as Tensor;
    const opt = new SGD(net.namedParameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
    const pure = sgd({ lr: 0.1, momentum: 0.9, nesterov: true });
    let copy = clones(params());
    let state = pure.init(copy);
    const losses = [loss(params()).item()];
    for (let k = 0; k < 5; k++) {
      opt.step(grad(loss)(params()) as Record<string, Tensor>);
      ({ params: copy, state } = pure.update(grad(loss)(copy) as GradTree, state, copy));
      losses.push(loss(params()).item());
    }
    expect(net.namedParameters().map(([, t]) => t)).toEqual(held);
    expectSame(params(), copy);
    expect(maxAbsDiff(net.forward(x) as Tensor, before)).toBeGreaterThan(0);
    expect(losses[5]).toBeLessThan(losses[0] as number);
  });

  it('takes tensors, named pairs, a dict or groups, and gradients as a dict (named) or an array (in order)', () => {
    const { loss, params } = setup();
    const g = grad(loss)(params()) as Record<string, Tensor>;
    const inOrder = Object.values(g);
    const results = [
      (p: Record<string, Tensor>) => new Adam(Object.values(p)).step(inOrder),
      (p: Record<string, Tensor>) => new Adam(Object.entries(p)).step(g),
      (p: Record<string, Tensor>) => new Adam(p).step(inOrder),
      (p: Record<string, Tensor>) => {
        const [w0, b0, w2, b2] = Object.entries(p);
        const opt = new Adam([{ params: [w0!, b0!] }]);
        opt.addParamGroup({ params: Object.fromEntries([w2!, b2!]) });
        opt.step(g);
      },
    ].map((run) => {
      const p = clones(params());
      run(p);
      return p;
    });
    for (const r of results.slice(1)) expectSame(r, results[0]!);
  });

  it('skips a parameter without a gradient, as PyTorch skips a grad of None: no update, no state', () => {
    const w = tensor([1, 2]);
    const b = tensor([3]);
    const opt = new AdamW({ w, b }, { lr: 0.1 });
    opt.step({ w: tensor([1, 1]), b: null });
    expect(b.toArray()).toEqual([3]);
    expect(opt.state.has(b)).toBe(false);
    expect(Object.keys(opt.stateDict().state)).toEqual(['0']);
    opt.step([null, tensor([1])]);
    expect(opt.state.get(w)!.step.item()).toBe(1);
    expect(opt.state.get(b)!.step.item()).toBe(1);
  });

  it("reads each group's options at every step: lr 0 changes nothing but the step count; momentum turned on later starts from the gradient", () => {
    const w = tensor([1, 2]);
    const opt = new SGD([w], { lr: 0.1 });
    opt.paramGroups[0]!.lr = 0;
    opt.step([tensor([1, 1])]);
    expect(w.toArray()).toEqual([1, 2]);
    expect(opt.state.get(w)!.step.item()).toBe(1);
    Object.assign(opt.paramGroups[0]!, { lr: 0.5, momentum: 0.9 });
    opt.step([tensor([2, 4])]);
    expect(w.toArray()).toEqual([0, 0]);
    expect(opt.state.get(w)!.momentumBuffer!.toArray()).toEqual([2, 4]);
  });
});

describe('state dicts', () => {
  it("resume training exactly: a new optimizer loading the old one's state takes the same steps", () => {
    const { loss, params } = setup();
    const opt = new Adam(params(), { lr: 0.05, amsgrad: true });
    for (let k = 0; k < 3; k++) opt.step(grad(loss)(params()) as Record<string, Tensor>);
    const saved = opt.stateDict();
    const firstMoment = saved.state[0]!.expAvg!.clone();
    const resumed = clones(params());
    const other = new Adam(resumed, { lr: 0.5 });
    other.loadStateDict(saved);
    expect(other.paramGroups[0]!.lr).toBe(0.05);
    expect(other.state.get(resumed['0.weight']!)!.expAvg).not.toBe(saved.state[0]!.expAvg);
    for (let k = 0; k < 2; k++) {
      opt.step(grad(loss)(params()) as Record<string, Tensor>);
      other.step(grad(loss)(resumed) as Record<string, Tensor>);
    }
    expectSame(resumed, params());
    // the saved dict is a snapshot: later steps made new state tensors
    expect(maxAbsDiff(saved.state[0]!.expAvg!, firstMoment)).toBe(0);
  });

  it('keep the layout of torch.optim: state by parameter index, groups with their options and indices', () => {
    const w = tensor([1, 2]);
    const b = tensor([3]);
    const opt = new SGD([{ params: [w] }, { params: [b], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
    opt.step([null, tensor([1])]);
    const { state, paramGroups } = opt.stateDict();
    expect(Object.keys(state)).toEqual(['1']);
    expect(Object.keys(state[1]!)).toEqual(['step', 'momentumBuffer']);
    expect(paramGroups).toEqual([
      { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [0] },
      {
        lr: 0.01,
        momentum: 0.9,
        dampening: 0,
        weightDecay: 0,
        nesterov: false,
        maximize: false,
        params: [1],
      },
    ]);
  });

  it("of schedulers resume the schedule, and the optimizer's groups keep initialLr", () => {
    const make = () => {
      const opt = new SGD([tensor([1])], { lr: 0.1 });
      return { opt, scheduler: new CosineAnnealingLR(opt, { tMax: 5, etaMin: 0.01 }) };
    };
    const a = make();
    for (let k = 0; k < 3; k++) a.scheduler.step();
    const b = make();
    b.opt.loadStateDict(a.opt.stateDict());
    b.scheduler.loadStateDict(a.scheduler.stateDict());
    expect(b.opt.paramGroups[0]!.initialLr).toBe(0.1);
    for (let k = 0; k < 4; k++) {
      a.scheduler.step();
      b.scheduler.step();
      expect(b.scheduler.getLastLr()).toEqual(a.scheduler.getLastLr());
    }
    const step = new StepLR(b.opt, { stepSize: 3, gamma: 0.5, lastEpoch: 7 });
    expect(step.lastEpoch).toBe(8);
  });
});
