// The normalisation modules against PyTorch 1.13 (fixture from tools/golden/nn_norm.py): repr, state-dict layout,
// outputs and running stats after every training/evaluation step, and PyTorch's errors with the buffers untouched.

import { ArgumentTypeError, RuntimeError, randn, ShapeError, type Tensor, ValueError } from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, BatchNorm2d, BatchNorm3d } from '../src/layers/batchnorm.js';
import { GroupNorm } from '../src/layers/groupnorm.js';
import { InstanceNorm2d } from '../src/layers/instancenorm.js';
import { LayerNorm } from '../src/layers/layernorm.js';
import { attributeName, type Module } from '../src/module.js';

// float32 kernels with float64 accumulation against PyTorch's float32 CPU kernels: the largest difference seen
// over the whole fixture is below 1e-6, so 1e-5 leaves a margin of 10
const RTOL = 1e-5;
const ATOL = 1e-5;

interface Options {
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
  elementwiseAffine?: boolean;
}

type Buffers = Record<string, EncodedTensor | null>;

interface Step {
  mode: 'train' | 'eval';
  input: string;
  output: EncodedTensor;
  buffers: Buffers;
}

interface Case {
  name: string;
  module: string;
  args: (number | number[])[];
  options: Options;
  repr: string;
  stateDict: [string, number[], string][];
  state: Record<string, EncodedTensor>;
  nullBuffers: string[];
  steps: Step[];
}

interface ErrorCase {
  name: string;
  module: string;
  args: (number | number[])[];
  options: Options;
  /** The @bn error class expected (PyTorch's class is in `torch`). */
  type: 'ValueError' | 'RuntimeError' | 'ShapeError' | 'TypeError';
  /** `Class: message` as PyTorch raised it. */
  torch: string;
  /** Absent when constructing the module throws. */
  mode?: 'train' | 'eval';
  input?: EncodedTensor;
  buffersBefore?: Buffers;
  buffersAfterTorch?: Buffers;
}

interface Fixture {
  torch: string;
  inputs: Record<string, EncodedTensor>;
  cases: Case[];
  errors: ErrorCase[];
}

const fixture = readJson<Fixture>(new URL('./fixtures/norm.json', import.meta.url));
const inputs = Object.fromEntries(Object.entries(fixture.inputs).map(([k, e]) => [k, decodeTensor(e)]));

const BUILDERS: Record<string, (args: (number | number[])[], options: Options) => Module> = {
  BatchNorm1d: ([c], o) => new BatchNorm1d(c as number, o),
  BatchNorm2d: ([c], o) => new BatchNorm2d(c as number, o),
  BatchNorm3d: ([c], o) => new BatchNorm3d(c as number, o),
  InstanceNorm2d: ([c], o) => new InstanceNorm2d(c as number, o),
  GroupNorm: ([g, c], o) => new GroupNorm(g as number, c as number, o),
  LayerNorm: ([shape], o) => new LayerNorm(shape!, o),
};

// the fixture names Python's TypeError, which is @bn's ArgumentTypeError
const ERRORS = { ValueError, RuntimeError, ShapeError, TypeError: ArgumentTypeError };

function build(module: string, args: (number | number[])[], options: Options): Module {
  return BUILDERS[module]!(args, options);
}

/** The buffer `name` (state-dict spelling) of `m`: a tensor, or null. */
function bufferOf(m: Module, name: string): Tensor | null {
  return Reflect.get(m, attributeName(name)) as Tensor | null;
}

function expectBuffers(m: Module, buffers: Buffers, what: string): void {
  for (const [name, expected] of Object.entries(buffers)) {
    const actual = bufferOf(m, name);
    if (expected === null) expect(actual, `${what} ${name}`).toBeNull();
    else expectClose(actual!, decodeTensor(expected), RTOL, ATOL, `${what} ${name}`);
  }
}

/** PyTorch's text with its shapes as @bn prints them: `torch.Size([1, 4])` -> `[1, 4]`. */
function withBnShapes(text: string): string {
  return text.replace(/torch\.Size\((\[[^\]]*\])\)/g, '$1');
}

function expectStartsWith(message: string, prefix: string): void {
  expect(message.slice(0, prefix.length), message).toBe(prefix);
}

/** The message of the error `fn` throws, after checking its class. */
function thrown(fn: () => unknown, type: ErrorCase['type']): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ERRORS[type]);
    return (e as Error).message;
  }
  return expect.fail('expected an error');
}

describe('normalisation modules against PyTorch', () => {
  it(`the fixture comes from torch ${fixture.torch} and covers every module`, () => {
    expect(new Set(fixture.cases.map((c) => c.module))).toEqual(new Set(Object.keys(BUILDERS)));
  });

  describe.each(fixture.cases)('$name', (c) => {
    const make = () => {
      const m = build(c.module, c.args, c.options);
      for (const b of c.nullBuffers) Reflect.set(m, attributeName(b), null);
      return m;
    };

    it('prints as PyTorch', () => {
      expect(make().toString()).toBe(c.repr);
    });

    it('has PyTorch state-dict keys, in order, with their shapes and dtypes', () => {
      const layout = Object.entries(make().stateDict()).map(([k, t]) => [k, [...t.shape], t.dtype]);
      expect(layout).toEqual(c.stateDict);
    });

    it('replays every step: outputs and buffers', () => {
      const m = make();
      m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, e]) => [k, decodeTensor(e)])));
      c.steps.forEach((step, i) => {
        m.train(step.mode === 'train');
        const y = m.forward(inputs[step.input]!) as Tensor;
        const what = `step ${i} (${step.mode})`;
        expectClose(y, decodeTensor(step.output), RTOL, ATOL, `${what} output`);
        expectBuffers(m, step.buffers, what);
      });
    });
  });
});

describe('normalisation errors against PyTorch', () => {
  it.each(fixture.errors)('$name', (e) => {
    const torchText = withBnShapes(e.torch.slice(e.torch.indexOf(': ') + 2));
    if (e.mode === undefined) {
      expectStartsWith(
        thrown(() => build(e.module, e.args, e.options), e.type),
        torchText,
      );
      return;
    }
    const m = build(e.module, e.args, e.options);
    m.train(e.mode === 'train');
    const message = thrown(() => m.forward(decodeTensor(e.input!)), e.type);
    // @bn's functional ops put their camelCase name first (`groupNorm(): `); after it comes PyTorch's sentence
    expectStartsWith(message.replace(/^[a-z]+(?:[A-Z][a-z]*)+\(\): /, ''), torchText);
    // nothing changed, numBatchesTracked included (PyTorch has already counted the batch when the check fails)
    expectBuffers(m, e.buffersBefore!, 'after the error');
  });

  it('"more than 1 value per channel": PyTorch\'s sentence, then the shape as [1, 4] for torch.Size([1, 4])', () => {
    const e = fixture.errors.find((r) => r.name === 'BatchNorm1d one value per channel')!;
    const sentence = 'Expected more than 1 value per channel when training, got input size ';
    expect(e.torch).toBe(`ValueError: ${sentence}torch.Size([1, 4])`);
    const m = new BatchNorm1d(4);
    const message = thrown(() => m.forward(decodeTensor(e.input!)), 'ValueError');
    expectStartsWith(message, `${sentence}[1, 4]`);
    // the one deliberate difference in state: PyTorch leaves the batch counted, @bn takes the count back
    expect(e.buffersAfterTorch!.num_batches_tracked!.data).toEqual([1]);
    expect(m.numBatchesTracked!.item()).toBe(0);
  });
});

describe('the batch count of BatchNorm', () => {
  it('is written once per successful forward, and not at all by a failed one', () => {
    const bn = new BatchNorm2d(3, { momentum: null });
    const count = bn.numBatchesTracked!;
    const versions = () => [count, bn.runningMean!, bn.runningVar!].map((t) => t.storage.version);
    bn.forward(randn([4, 3, 2, 2]));
    expect(count.item()).toBe(1);
    const before = versions();
    const stats = [bn.runningMean!.toArray(), bn.runningVar!.toArray()];
    // one value per channel: the training statistics are undefined
    expect(() => bn.forward(randn([1, 3, 1, 1]))).toThrow(
      'Expected more than 1 value per channel when training',
    );
    expect(count.item()).toBe(1);
    expect(versions()).toEqual(before);
    expect([bn.runningMean!.toArray(), bn.runningVar!.toArray()]).toEqual(stats);
    bn.forward(randn([4, 3, 2, 2]));
    expect(count.item()).toBe(2);
    expect(count.storage.version).toBe(before[0]! + 1);
  });
});
