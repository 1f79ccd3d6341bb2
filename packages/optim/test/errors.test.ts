// Every argument check: PyTorch's messages word for word where torch.optim has one (from the fixtures), @bn's own
// checks otherwise (types, unknown options, gradients and state dicts that do not fit), and that a call that throws
// changes nothing: no parameter, no state, no option.
import {
  ArgumentTypeError,
  DTypeError,
  RuntimeError,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
} from '@bn/tensor';
import { expectTensorsUnchanged, snapshotTensors } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  type AdamHyperparameters,
  type AdamState,
  adam,
  CosineAnnealingLR,
  clipGradNorm_,
  type OptimizerStateDict,
  SGD,
  StepLR,
  sgd,
} from '../src/index.js';
import { fixtures, OPTIMIZERS } from './runs.js';

const w = () => tensor([1, 2]);
const b = () => tensor([0.5, -1, 2]);

describe("PyTorch's messages", () => {
  for (const c of fixtures.errors) {
    if ('optimizer' in c) {
      const { Stateful, functional } = OPTIMIZERS[c.optimizer];
      const params = c.params === undefined ? [w()] : c.params;
      const label = typeof params === 'string' ? params : `[${'w'.repeat((params as unknown[]).length)}]`;
      it(`${c.optimizer}(${label}, ${JSON.stringify(c.options)}): ${c.torch}`, () => {
        const p = w();
        const build = {
          'two groups sharing w': () => new Stateful([{ params: [p] }, { params: [p, b()] }], c.options),
          'a Tensor': () => new Stateful(p as never, c.options),
        }[label];
        if (label === 'a Tensor') {
          // torch names the class (torch.FloatTensor), @bn the value (a Tensor)
          expect(build!).toThrow(ArgumentTypeError);
          expect(build!).toThrow(`SGD(): ${c.torch.replace('torch.FloatTensor', '')}`);
          return;
        }
        expect(build ?? (() => new Stateful(params as never, c.options))).toThrow(new ValueError(c.torch));
        if (Array.isArray(params) && params.length > 0)
          expect(() => functional(c.options)).toThrow(new ValueError(c.torch));
      });
    } else if ('loadStateDict' in c) {
      it(`loadStateDict (${c.loadStateDict}): ${c.torch}`, () => {
        const opt = new SGD([{ params: [w()] }, { params: [b()], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
        const sd = opt.stateDict();
        const [g0, g1] = sd.paramGroups;
        const bad = c.loadStateDict === 'one group' ? [g0!] : [{ ...g0!, params: [0, 1] }, g1!];
        expect(() => opt.loadStateDict({ state: {}, paramGroups: bad })).toThrow(new ValueError(c.torch));
      });
    } else {
      it(`clipGradNorm_ (${c.clip}-norm, errorIfNonfinite): ${c.torch}`, () => {
        const g = tensor([1, Number.POSITIVE_INFINITY]);
        const normType = c.clip === 'inf' ? Number.POSITIVE_INFINITY : c.clip;
        expect(() => clipGradNorm_([g], 1, { normType, errorIfNonfinite: true })).toThrow(
          new RuntimeError(c.torch),
        );
        expect(g.toArray()).toEqual([1, Number.POSITIVE_INFINITY]);
      });
    }
  }
});

describe('options', () => {
  it('refuses an unknown option, as Python refuses an unexpected keyword argument', () => {
    expect(() => new SGD([w()], { lr: 0.1, learningRate: 1 } as never)).toThrow(
      new ArgumentTypeError("SGD(): got an unexpected keyword argument 'learningRate'"),
    );
    expect(() => adam({ beta: [0.9, 0.99] } as never)).toThrow(
      "Adam(): got an unexpected keyword argument 'beta'",
    );
    expect(() => new Adam([{ params: [w()], lr: 0.1, amsGrad: true } as never])).toThrow(
      "Adam(): got an unexpected keyword argument 'amsGrad'",
    );
  });

  it('checks the type of each option', () => {
    expect(() => sgd({ lr: '0.1' as never })).toThrow(
      new ArgumentTypeError("SGD(): argument 'lr' must be a number, but got a string"),
    );
    expect(() => sgd({ lr: 0.1, nesterov: 1 as never })).toThrow("argument 'nesterov' must be a boolean");
    expect(() => adam({ betas: [0.9] as never })).toThrow(
      "Adam(): argument 'betas' must be an array of two numbers, but got an array",
    );
    expect(() => adam(null as never)).toThrow(ArgumentTypeError);
  });

  it("checks each group's options too (PyTorch checks only the constructor's)", () => {
    expect(() => new SGD([{ params: [w()], lr: -1 }], { lr: 0.1 })).toThrow(
      new ValueError('Invalid learning rate: -1'),
    );
    expect(() => new Adam([{ params: [w()], betas: [0.9, 1] }])).toThrow(
      'Invalid beta parameter at index 1: 1',
    );
  });

  it("SGD's lr may come from every group instead of the constructor", () => {
    const opt = new SGD([
      { params: [w()], lr: 0.1 },
      { params: [b()], lr: 0.2 },
    ]);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.2]);
    expect(() => opt.addParamGroup({ params: [w()] })).toThrow(
      "parameter group didn't specify a value of required optimization parameter lr",
    );
  });
});

describe('parameters', () => {
  it('refuses a parameter twice in one group (PyTorch warns), named and unnamed parameters mixed, a name twice', () => {
    const p = w();
    expect(() => new SGD([p, p], { lr: 0.1 })).toThrow(
      new ValueError('optimizer contains a parameter group with duplicate parameters'),
    );
    expect(() => new SGD([{ params: { a: w() } }, { params: [w()] }], { lr: 0.1 })).toThrow(
      'optimizer got named and unnamed parameters',
    );
    expect(() => new SGD([{ params: { a: w() } }, { params: [['a', w()]] }], { lr: 0.1 })).toThrow(
      "optimizer got two parameters named 'a'",
    );
  });

  it('optimizes float32 tensors only', () => {
    expect(() => new SGD([tensor([1, 2], { dtype: 'int32' })], { lr: 0.1 })).toThrow(
      new DTypeError("SGD(): optimizer can only optimize float32 Tensors, but the parameter at '0' is int32"),
    );
    expect(() => new SGD({ w: 3 } as never, { lr: 0.1 })).toThrow(
      new ArgumentTypeError(
        "SGD(): optimizer can only optimize Tensors, but the parameter at 'w' is a number",
      ),
    );
    expect(() => new SGD([['w', w(), 1]] as never, { lr: 0.1 })).toThrow(
      'params[0] must be a Tensor or a [name, Tensor] pair, but got an array of 3',
    );
    expect(() => new SGD('w' as never, { lr: 0.1 })).toThrow(
      'should be an iterable of Tensors or dicts, but got a string',
    );
  });

  it('a group added later takes the defaults, and may not repeat a parameter', () => {
    const p = w();
    const opt = new Adam([p], { lr: 0.01, amsgrad: true });
    opt.addParamGroup({ params: b(), lr: 0.1 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.1, amsgrad: true, betas: [0.9, 0.999] });
    expect(() => opt.addParamGroup({ params: [p] })).toThrow(
      'some parameters appear in more than one parameter group',
    );
    expect(opt.paramGroups).toHaveLength(2);
  });
});

/** An Adam over named parameters after one step, and a snapshot of everything a failed call must leave alone. */
function stepped() {
  const params = { w: w(), b: b() };
  const opt = new Adam(params, { lr: 0.1 });
  opt.step({ w: tensor([0.1, -0.2]), b: tensor([1, 1, 1]) });
  const saved = opt.stateDict();
  const tensors = () => ({ ...params, ...Object.fromEntries(Object.entries(opt.stateDict().state[0]!)) });
  const before = snapshotTensors(tensors());
  const unchanged = () => {
    expectTensorsUnchanged(tensors(), before);
    expect(opt.stateDict()).toEqual(saved);
  };
  return { params, opt, saved, unchanged };
}

describe('step: gradients that do not fit throw before anything is written', () => {
  it('a gradient of the wrong shape (after good ones)', () => {
    const { opt, unchanged } = stepped();
    expect(() => opt.step({ w: tensor([1, 1]), b: tensor([1, 1]) })).toThrow(
      new ShapeError(
        "Adam.step(): the gradient of 'b' has shape [2], but expected the parameter's shape [3]",
      ),
    );
    unchanged();
  });

  it('a key that names no parameter, a dtype, a non-tensor', () => {
    const { opt, unchanged } = stepped();
    expect(() => opt.step({ w: tensor([1, 1]), bias: tensor([1, 1, 1]) })).toThrow(
      new ValueError(
        "Adam.step(): grads has an entry 'bias' that matches no parameter (the parameters are 'w', 'b')",
      ),
    );
    expect(() => opt.step({ w: tensor([1, 1], { dtype: 'int32' }) })).toThrow(DTypeError);
    expect(() => opt.step({ w: [1, 1] as never })).toThrow(
      "Adam.step(): the gradient of 'w' must be a Tensor, but got an array",
    );
    unchanged();
  });

  it('an array of the wrong length, something else than an array or a dict', () => {
    const { opt, unchanged } = stepped();
    expect(() => opt.step([tensor([1, 1])])).toThrow(
      new ValueError('Adam.step(): grads has 1 entries, but the parameters have 2'),
    );
    expect(() => opt.step(tensor([1, 1]) as never)).toThrow(
      'Adam.step(): grads must be a dict like the parameters, but got a',
    );
    unchanged();
  });

  it('a dict for parameters given without names', () => {
    const opt = new SGD([w()], { lr: 0.1 });
    expect(() => opt.step({ w: tensor([1, 1]) })).toThrow(
      'SGD.step(): grads must be an array like the parameters, but got an Object',
    );
  });

  it("an option a group was given later that PyTorch's checks refuse", () => {
    const { opt, unchanged } = stepped();
    opt.paramGroups[0]!.lr = -0.5;
    expect(() => opt.step({ w: tensor([1, 1]) })).toThrow(new ValueError('Invalid learning rate: -0.5'));
    opt.paramGroups[0]!.lr = 0.1;
    unchanged();
  });
});

describe('loadStateDict: a dict that does not fit throws and changes nothing', () => {
  const cases: [string, (sd: OptimizerStateDict<AdamHyperparameters, AdamState>) => unknown, string][] = [
    ['not a dict', () => [], "argument 'stateDict' must be a dict of state and paramGroups"],
    ['an unknown entry', (sd) => ({ ...sd, extra: 1 }), "loaded state dict has an unknown entry 'extra'"],
    [
      'a state of the wrong shape',
      (sd) => ({ ...sd, state: { 0: { ...sd.state[0], expAvg: tensor([1, 2, 3]) } } }),
      "the state of 'state.0': expAvg has shape [3]",
    ],
    [
      'a state missing a buffer',
      (sd) => ({ ...sd, state: { 1: { step: tensor(1) } } }),
      'but this optimizer keeps [step, expAvg, expAvgSq]',
    ],
    [
      'a state for an index no group lists',
      (sd) => ({ ...sd, state: { 5: sd.state[0] } }),
      'has a state for parameter 5, which no group lists',
    ],
    [
      'a group missing an option',
      (sd) => ({ ...sd, paramGroups: [{ ...sd.paramGroups[0], eps: undefined }] }),
      "paramGroups[0] has no 'eps'",
    ],
    [
      'a group with a bad option',
      (sd) => ({ ...sd, paramGroups: [{ ...sd.paramGroups[0], eps: -1 }] }),
      'Invalid epsilon value: -1',
    ],
    [
      'an index listed twice',
      (sd) => ({ ...sd, paramGroups: [{ ...sd.paramGroups[0], params: [0, 0] }] }),
      'must be a parameter index listed once, but got 0',
    ],
  ];
  for (const [what, corrupt, message] of cases) {
    it(what, () => {
      const { opt, unchanged } = stepped();
      expect(() => opt.loadStateDict(corrupt(opt.stateDict()) as never)).toThrow(message);
      unchanged();
    });
  }
});

describe('the pure core', () => {
  it('checks its gradients and state against the parameters', () => {
    const opt = sgd({ lr: 0.1, momentum: 0.9 });
    const params = { w: w() };
    const state = opt.init(params);
    expect(() => opt.update({ w: tensor([1, 2, 3]) }, state, params)).toThrow(
      new ShapeError(
        "sgd.update(): the gradient of 'w' has shape [3], but expected the parameter's shape [2]",
      ),
    );
    expect(() => opt.update({ w: tensor([1, 2]) }, adam().init(params), params)).toThrow(
      "sgd.update(): the state of 'w' has the entries [step, expAvg, expAvgSq], but this optimizer keeps [step, momentumBuffer]",
    );
    expect(() => opt.update({ w: tensor([1, 2]) }, {}, params)).toThrow(
      "sgd.update(): state has no entry for 'w'",
    );
    expect(() => opt.init({ w: [1, 2] } as never)).toThrow(
      "sgd.init(): optimizer can only optimize Tensors, but the parameter at 'w.0' is a number",
    );
  });
});

describe('schedulers', () => {
  const optimizer = () => new SGD([w()], { lr: 0.1 });

  it('drive an optimizer of this package, with checked options', () => {
    expect(() => new StepLR([] as never, { stepSize: 2 })).toThrow(
      new ArgumentTypeError('StepLR(): an array is not an Optimizer'),
    );
    expect(() => new StepLR(optimizer(), { stepSize: 0 })).toThrow(
      "StepLR(): argument 'stepSize' must be an integer >= 1, but got 0",
    );
    expect(() => new StepLR(optimizer(), {} as never)).toThrow("argument 'stepSize' must be an integer");
    expect(() => new CosineAnnealingLR(optimizer(), { tMax: 2, etaMin: 'a' as never })).toThrow(
      "CosineAnnealingLR(): argument 'etaMin' must be a number",
    );
  });

  it("resume only from groups that have an initialLr (PyTorch's KeyError)", () => {
    const opt = optimizer();
    expect(() => new CosineAnnealingLR(opt, { tMax: 4, lastEpoch: 3 })).toThrow(
      new ValueError("param 'initialLr' is not specified in paramGroups[0] when resuming an optimizer"),
    );
    expect(opt.paramGroups[0]).not.toHaveProperty('initialLr');
  });

  it('load a state dict only when it fits', () => {
    const opt = optimizer();
    const scheduler = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
    scheduler.step();
    const saved = scheduler.stateDict();
    expect(saved).toEqual({
      stepSize: 2,
      gamma: 0.5,
      baseLrs: [0.1],
      lastEpoch: 1,
      stepCount: 2,
      lastLr: [0.1],
    });
    const bad: unknown[] = [
      { ...saved, tMax: 3 },
      { ...saved, stepSize: 0 },
      { ...saved, baseLrs: [0.1, 0.2] },
      { ...saved, lastEpoch: 1.5 },
    ];
    for (const sd of bad) expect(() => scheduler.loadStateDict(sd as never)).toThrow();
    expect(scheduler.stateDict()).toEqual(saved);
  });
});

describe('clipGradNorm_', () => {
  it('checks its arguments and skips missing gradients', () => {
    expect(() => clipGradNorm_([tensor([1])], '1' as never)).toThrow(
      "clipGradNorm_(): argument 'maxNorm' must be a number, but got a string",
    );
    expect(() => clipGradNorm_([tensor([1]), 'g'] as never, 1)).toThrow('gradient 1 must be a Tensor');
    expect(clipGradNorm_({ a: null, b: undefined }, 1).item()).toBe(0);
    const g: Tensor = tensor([3, 4]);
    expect(clipGradNorm_({ a: g, b: null }, 1).item()).toBe(5);
    expect(g.toTypedArray()[0]).toBeCloseTo(0.6, 6);
  });
});
