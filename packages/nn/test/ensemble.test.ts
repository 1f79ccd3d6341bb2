// Ensembles: stackModuleState + functionalCall under vmap equal a loop over M independent PyTorch models (fixture
// from tools/golden/nn_ensemble.py), outputs and per-member running stats; then functionalCall's and
// stackModuleState's semantics and messages as torch.func 2.x (torch/_functorch/functional_call.py,
// torch/nn/utils/stateless.py).

import { batchNorm, RuntimeError, randn, type Tensor, tensor, ValueError } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, readJson } from '@bn/testing';
import { vmap } from '@bn/vmap';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../src/containers.js';
import { functionalCall } from '../src/functional-call.js';
import { ReLU } from '../src/layers/activation.js';
import { BatchNorm2d } from '../src/layers/batchnorm.js';
import { Conv2d } from '../src/layers/conv.js';
import { Flatten } from '../src/layers/flatten.js';
import { Linear } from '../src/layers/linear.js';
import { Module } from '../src/module.js';
import { stackModuleState } from '../src/stack-module-state.js';

// conv (im2col + GEMM) and linear in float32 against PyTorch's float32 kernels, different summation orders
const RTOL = 1e-5;
const ATOL = 1e-5;

interface Step {
  mode: 'train' | 'eval';
  /** [M, N, 2]: model i's output in row i. */
  output: EncodedTensor;
  /** '1.running_mean' etc., stacked over the models. */
  buffers: Record<string, EncodedTensor>;
}

interface Config {
  momentum: number | null;
  models: Record<string, EncodedTensor>[];
  sharedInputs: EncodedTensor[];
  perModelInputs: EncodedTensor[];
  shared: Step[];
  perModel: Step[];
}

const fixture = readJson<{ torch: string; configs: Config[] }>(
  new URL('./fixtures/ensemble.json', import.meta.url),
);

/** The fixture's model: Conv2d(2, 3, 3, padding=1) - BatchNorm2d(3) - ReLU - Flatten - Linear(48, 2). */
function makeModel(momentum: number | null): Sequential {
  return new Sequential(
    new Conv2d(2, 3, 3, { padding: 1 }),
    new BatchNorm2d(3, { momentum }),
    new ReLU(),
    new Flatten(),
    new Linear(48, 2),
  );
}

function loadedModels(config: Config): Sequential[] {
  return config.models.map((state) => {
    const m = makeModel(config.momentum);
    m.loadStateDict(Object.fromEntries(Object.entries(state).map(([k, e]) => [k, decodeTensor(e)])));
    return m;
  });
}

type Ensemble = (params: Record<string, Tensor>, buffers: Record<string, Tensor>, x: Tensor) => Tensor;

describe.each(fixture.configs)(
  `an ensemble of 3 models (momentum $momentum) equals the loop in torch ${fixture.torch}`,
  (config) => {
    const cases = [
      {
        name: 'one input shared by every model',
        inDims: [0, 0, null],
        inputs: config.sharedInputs,
        steps: config.shared,
      },
      {
        name: 'one input per model',
        inDims: [0, 0, 0],
        inputs: config.perModelInputs,
        steps: config.perModel,
      },
    ];

    it.each(cases)('$name: outputs and running stats per step', ({ inDims, inputs, steps }) => {
      const models = loadedModels(config);
      const base = makeModel(config.momentum);
      const [params, buffers] = stackModuleState(models);
      const ensemble = vmap<Parameters<Ensemble>, Tensor>((p, b, x) => functionalCall(base, [p, b], x), {
        inDims,
      });
      steps.forEach((step, i) => {
        base.train(step.mode === 'train');
        const out = ensemble(params, buffers, decodeTensor(inputs[i]!));
        const what = `step ${i} (${step.mode})`;
        expectClose(out, decodeTensor(step.output), RTOL, ATOL, `${what} output`);
        // the stacked buffers are updated in place, each member with its own statistics
        for (const [key, expected] of Object.entries(step.buffers)) {
          expectClose(buffers[key]!, decodeTensor(expected), RTOL, ATOL, `${what} ${key}`);
        }
      });
      // the stacked state is a copy: the models themselves never ran
      for (const m of models) expect((m.getSubmodule('1') as BatchNorm2d).numBatchesTracked!.item()).toBe(0);
    });
  },
);

describe('stackModuleState', () => {
  it('stacks each parameter and buffer along a new dim 0, in namedParameters/namedBuffers order, as copies', () => {
    const models = [makeModel(0.1), makeModel(0.1)];
    const [params, buffers] = stackModuleState(models);
    expect(Object.keys(params)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '4.weight', '4.bias']);
    expect(Object.keys(buffers)).toEqual(['1.running_mean', '1.running_var', '1.num_batches_tracked']);
    expect(params['0.weight']!.shape).toEqual([2, 3, 2, 3, 3]);
    expect(buffers['1.num_batches_tracked']!.shape).toEqual([2]);
    expect(buffers['1.num_batches_tracked']!.dtype).toBe('int32');
    expectClose(params['4.weight']!.select(0, 1), (models[1]!.getSubmodule('4') as Linear).weight, 0, 0);
    params['4.weight']!.fill_(7);
    expect((models[0]!.getSubmodule('4') as Linear).weight.eq(7).any().item()).toBe(0);
  });

  it("refuses an empty list, mixed train/eval and different classes with torch.func's messages", () => {
    expect(() => stackModuleState([])).toThrow(RuntimeError);
    expect(() => stackModuleState([])).toThrow('stack_module_state: Expected at least one model, got 0.');
    const mixed = [makeModel(0.1), makeModel(0.1).eval()];
    expect(() => stackModuleState(mixed)).toThrow(
      'stack_module_state: Expected all models to have the same training/eval mode.',
    );
    // torch's sentence ends at "class."; @bn names the two classes after it
    expect(() => stackModuleState([makeModel(0.1), new Linear(2, 2)])).toThrow(
      /^stack_module_state: Expected all models to be of the same class, got Sequential and Linear\.$/,
    );
  });
});

/** y = x W^T + b, computed from the tensors without the module (the independent reference). */
function affine(x: Tensor, w: Tensor, b: Tensor): Tensor {
  return x.matmul(w.transpose(0, 1)).add(b);
}

/** A module whose forward replaces its buffer `count` by count + 1 (not in place), as PyTorch's docstring's Foo. */
class Counter extends Module {
  declare count: Tensor;

  constructor() {
    super();
    this.registerBuffer('count', tensor([0]));
  }

  forward(x: Tensor): Tensor {
    this.count = this.count.add(1);
    return x.add(this.count);
  }
}

describe('functionalCall', () => {
  const x = randn([4, 3]);
  const w = randn([2, 3]);
  const b = randn([2]);

  it('a dict, or a list of dicts with distinct keys, replaces the tensors for the call', () => {
    const lin = new Linear(3, 2);
    const expected = affine(x, w, b);
    expectClose(functionalCall(lin, { weight: w, bias: b }, x), expected, RTOL, ATOL);
    expectClose(functionalCall(lin, [{ weight: w }, { bias: b }], x), expected, RTOL, ATOL);
    // a key left out keeps the module's own tensor (strict is off by default)
    expectClose(functionalCall(lin, { weight: w }, x), affine(x, w, lin.bias!), RTOL, ATOL);
  });

  it('refuses a key repeated across dicts', () => {
    const lin = new Linear(3, 2);
    const call = () => functionalCall(lin, [{ weight: w, bias: b }, { weight: w }], x);
    expect(call).toThrow(ValueError);
    expect(call).toThrow(
      "['weight'] appeared in multiple dictionaries; behavior of functional call is ambiguous",
    );
  });

  it('strict: missing and unexpected keys, sorted, in one error as torch', () => {
    const net = new Sequential(new Linear(3, 2), new BatchNorm2d(2, { affine: false }));
    const call = (dict: Record<string, Tensor>) => () =>
      functionalCall(net, dict, x, undefined, { strict: true });
    expect(call({ '0.weight': w, zzz: b, '1.weight': b })).toThrow(
      'Error(s) in reparametrizing for Sequential:\n' +
        "\tUnexpected key(s): '1.weight', 'zzz'.\n" +
        "\tMissing key(s): '0.bias', '1.num_batches_tracked', '1.running_mean', '1.running_var'.",
    );
    expect(call({ '0.weight': w, '0.bias': b })).toThrow(RuntimeError);
  });

  it('without strict, a null slot is filled for the call; a key naming no slot is an error (torch sets an attribute)', () => {
    const bn = new BatchNorm2d(2, { affine: false }).eval();
    const input = randn([3, 2, 2, 2]);
    const weight = tensor([2, -1]);
    const expected = batchNorm(input, bn.runningMean, bn.runningVar, { weight });
    expectClose(functionalCall(bn, { weight }, input), expected, RTOL, ATOL);
    expect(bn.weight).toBeNull();
    expect(() => functionalCall(bn, { scale: weight }, input)).toThrow(
      "functional_call: BatchNorm2d has no parameter or buffer named 'scale'",
    );
  });

  it('tied weights: one value fills every name of the tensor; two different values are refused', () => {
    const lin = new Linear(2, 2);
    const twice = new Sequential(lin, lin);
    const w2 = randn([2, 2]);
    const x2 = randn([4, 2]);
    const expected = affine(affine(x2, w2, b), w2, b);
    expectClose(functionalCall(twice, { '0.weight': w2, '0.bias': b }, x2), expected, RTOL, ATOL);
    expectClose(functionalCall(twice, { '1.weight': w2, '1.bias': b }, x2), expected, RTOL, ATOL);
    // the same tensor under both names is not a conflict
    expectClose(
      functionalCall(twice, { '0.weight': w2, '1.weight': w2, '0.bias': b }, x2),
      expected,
      RTOL,
      ATOL,
    );
    const conflict = () => functionalCall(twice, { '1.weight': w2, '0.weight': w2.clone() }, x2);
    expect(conflict).toThrow(ValueError);
    expect(conflict).toThrow(
      "functional_call got multiple values for keys ['0.weight', '1.weight'], which are tied. Consider using " +
        'tie_weights=False',
    );
    expect(lin.weight).not.toBe(w2);
  });

  it('in-place updates land in the tensors passed in; the module keeps its own', () => {
    const bn = new BatchNorm2d(2);
    const own = bn.runningMean!;
    const state = {
      running_mean: tensor([0, 0]),
      running_var: tensor([1, 1]),
      num_batches_tracked: tensor(0, [], { dtype: 'int32' }),
    };
    const input = randn([3, 2, 2, 2]).add(5);
    functionalCall(bn, state, input);
    // the batch mean of each channel, with momentum 0.1
    expectClose(state.running_mean, input.mean([0, 2, 3]).mul(0.1), RTOL, ATOL);
    expect(state.num_batches_tracked.item()).toBe(1);
    expect(bn.runningMean).toBe(own);
    expectClose(own, tensor([0, 0]), 0, 0);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  it('a buffer the forward reassigns is written back into the dict; the module keeps its original', () => {
    const counter = new Counter();
    const original = counter.count;
    const state = { count: tensor([10]) };
    expectClose(functionalCall(counter, state, tensor([1])), tensor([12]), 0, 0);
    expectClose(state.count, tensor([11]), 0, 0);
    expect(counter.count).toBe(original);
    // with a list, @bn writes back into the dict that gave the key (torch.func writes into its merged copy)
    const dicts: Record<string, Tensor>[] = [{}, { count: tensor([20]) }];
    functionalCall(counter, dicts, tensor([0]));
    expectClose(dicts[1]!.count!, tensor([21]), 0, 0);
  });

  it('restores the original tensors after the call and after a forward that throws', () => {
    const net = new Sequential(new Linear(3, 2), new BatchNorm2d(2));
    const before = net.stateDict();
    const replacement = { '0.weight': w, '0.bias': b, '1.running_mean': tensor([0, 0]) };
    // a [4, 2] output reaches BatchNorm2d, which wants 4-D input
    expect(() => functionalCall(net, replacement, x)).toThrow('expected 4D input (got 2D input)');
    const after = net.stateDict();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const k of Object.keys(before)) expect(after[k], k).toBe(before[k]);
    const lin = new Linear(3, 2);
    const own = lin.weight;
    functionalCall(lin, { weight: w }, x);
    expect(lin.weight).toBe(own);
  });
});
