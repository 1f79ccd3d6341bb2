// The non-normalisation layers against PyTorch 1.13 (fixtures from tools/golden/nn_layers.py): each layer built
// from the same options, loaded with the weights torch drew, must give torch's output, repr and state-dict keys;
// constructor and forward errors must match torch's. Default initialisation and Dropout's draws are checked
// against their formulas (torch's random numbers differ from @bn's Philox stream).
import {
  ArgumentTypeError,
  copy_,
  Generator,
  IndexError,
  manualSeed,
  ones,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
} from '@bn/tensor';
import { decodeTensor, type EncodedTensor, expectClose, readJson } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { GELU, ReLU, Sigmoid, SiLU, Softmax, Tanh } from '../src/layers/activation.js';
import { Conv2d } from '../src/layers/conv.js';
import { Dropout } from '../src/layers/dropout.js';
import { Flatten } from '../src/layers/flatten.js';
import { Identity } from '../src/layers/identity.js';
import { Linear } from '../src/layers/linear.js';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from '../src/layers/pooling.js';
import type { Module } from '../src/module.js';

interface LayerCase {
  name: string;
  layer: string;
  args: unknown[];
  options: Record<string, unknown>;
  training: boolean;
  input: EncodedTensor;
  state: [string, EncodedTensor][];
  output: EncodedTensor;
  repr: string;
}

interface ErrorCase {
  name: string;
  layer: string;
  args: unknown[];
  options: Record<string, unknown>;
  type: 'ShapeError' | 'ValueError' | 'IndexError';
  phase: 'construct' | 'forward';
  input?: EncodedTensor;
  contains?: boolean;
  torch: string;
}

const fixture = readJson<{ cases: LayerCase[]; errors: ErrorCase[] }>(
  new URL('./fixtures/layers.json', import.meta.url),
);

// biome-ignore lint/suspicious/noExplicitAny: each fixture case passes its layer's own arguments
type LayerClass = new (...args: any[]) => Module;

/** Each layer and the number of its positional arguments (the options object comes after them). */
const LAYERS: Record<string, [LayerClass, number]> = {
  AdaptiveAvgPool2d: [AdaptiveAvgPool2d, 1],
  AvgPool2d: [AvgPool2d, 1],
  Conv2d: [Conv2d, 3],
  Dropout: [Dropout, 1],
  Flatten: [Flatten, 0],
  GELU: [GELU, 0],
  Identity: [Identity, 1],
  Linear: [Linear, 2],
  MaxPool2d: [MaxPool2d, 1],
  ReLU: [ReLU, 0],
  SiLU: [SiLU, 0],
  Sigmoid: [Sigmoid, 0],
  Softmax: [Softmax, 1],
  Tanh: [Tanh, 0],
};

/** The layer as the fixture built it in torch; omitted positional arguments take their defaults. */
function build(c: { layer: string; args: unknown[]; options: Record<string, unknown> }): Module {
  const entry = LAYERS[c.layer];
  if (!entry) throw new Error(`no layer ${c.layer} in the test's table`);
  const [Layer, positional] = entry;
  const args = Array.from({ length: positional }, (_, i) => c.args[i]);
  return new Layer(...args, c.options);
}

function forward(m: Module, x: Tensor): Tensor {
  return (m as unknown as { forward(x: Tensor): Tensor }).forward(x);
}

// float32 sums of up to 32 products (convs) in another order than torch's differ by a few ulps (at most ~2e-7 here)
const RTOL = 1e-5;
const ATOL = 1e-6;

describe('layers match PyTorch', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const m = build(c);
      m.train(c.training);
      const state = Object.fromEntries(c.state.map(([k, e]) => [k, decodeTensor(e)]));
      m.loadStateDict(state);
      const sd = m.stateDict();
      expect(Object.keys(sd), 'state-dict keys in order').toEqual(c.state.map(([k]) => k));
      for (const [k, e] of c.state) expect([...sd[k]!.shape], `${k} shape`).toEqual(e.shape);
      expect(m.toString(), 'repr').toBe(c.repr);
      const x = decodeTensor(c.input);
      const out = forward(m, x);
      expectClose(out, decodeTensor(c.output), RTOL, ATOL, c.name);
      if (c.options.inplace) {
        // torch's in-place layers return their input, overwritten with the result
        expect(out).toBe(x);
      }
    });
  }
});

const ERRORS = { IndexError, ShapeError, ValueError };

describe('errors match PyTorch', () => {
  for (const c of fixture.errors) {
    it(`${c.phase}: ${c.name}`, () => {
      const ErrorClass = ERRORS[c.type];
      if (c.phase === 'construct') {
        expect(() => build(c)).toThrow(ErrorClass);
        expect(() => build(c)).toThrow(c.torch);
        return;
      }
      const m = build(c);
      const x = decodeTensor(c.input!);
      const before = x.toTypedArray();
      expect(() => forward(m, x)).toThrow(ErrorClass);
      if (c.contains) expect(() => forward(m, x)).toThrow(c.torch);
      expect(x.toTypedArray(), 'input unchanged').toEqual(before);
    });
  }

  it('Softmax requires an integer dim (no implicit dim=None)', () => {
    expect(() => new Softmax(undefined as unknown as number)).toThrow(ArgumentTypeError);
    expect(() => new Softmax(1.5)).toThrow(
      new ValueError("Softmax(): argument 'dim' must be an integer, but got 1.5"),
    );
  });
});

describe('default initialisation (reset_parameters)', () => {
  /** Every value of `t` within [-bound, bound], and spread over it (min and max near the ends). */
  function expectUniformWithin(t: Tensor, bound: number, what: string): void {
    const v = t.toTypedArray() as Float32Array;
    const [lo, hi] = [v.reduce((a, b) => Math.min(a, b)), v.reduce((a, b) => Math.max(a, b))];
    // float32 rounding of the bound itself
    const slack = bound * 2 ** -23;
    expect(lo, `${what} min`).toBeGreaterThanOrEqual(-bound - slack);
    expect(hi, `${what} max`).toBeLessThanOrEqual(bound + slack);
    // n uniform draws leave a gap of about 2 bound / n at each end; 20x that fails with probability e^-20
    const gap = (20 * 2 * bound) / v.length;
    expect(lo, `${what} min reaches the lower end`).toBeLessThan(-bound + gap);
    expect(hi, `${what} max reaches the upper end`).toBeGreaterThan(bound - gap);
  }

  it('Conv2d: weight and bias uniform in ±1/sqrt(fan_in), fan_in = in/groups * kh * kw', () => {
    const conv = new Conv2d(8, 64, [3, 5], { groups: 2 });
    const fanIn = (8 / 2) * 3 * 5;
    // kaiming_uniform(a=sqrt(5)): gain sqrt(2 / (1 + 5)), bound = sqrt(3) * gain / sqrt(fan_in) = 1 / sqrt(fan_in)
    expectUniformWithin(conv.weight, 1 / Math.sqrt(fanIn), 'weight');
    expectUniformWithin(conv.bias!, 1 / Math.sqrt(fanIn), 'bias');
    expect(conv.weight.shape).toEqual([64, 4, 3, 5]);
  });

  it('Linear: weight and bias uniform in ±1/sqrt(in_features); in_features 0 gives a zero bias', () => {
    const lin = new Linear(50, 400);
    expectUniformWithin(lin.weight, 1 / Math.sqrt(50), 'weight');
    expectUniformWithin(lin.bias!, 1 / Math.sqrt(50), 'bias');
    expect(new Linear(0, 3).bias!.toArray()).toEqual([0, 0, 0]);
  });

  it('is reproducible under manualSeed and drawn from the default generator', () => {
    const draw = (seed: number) => {
      manualSeed(seed);
      return [new Conv2d(3, 4, 3), new Linear(5, 2)].flatMap((m) =>
        m.parameters().map((t) => t.toTypedArray()),
      );
    };
    const first = draw(1);
    expect(draw(1)).toEqual(first);
    expect(draw(2)).not.toEqual(first);
    // the second layer's draws continue the stream: they differ from a first layer's of the same size
    manualSeed(1);
    expect(new Linear(5, 2).weight.toTypedArray()).not.toEqual(first[2]);
  });

  it('resetParameters draws again', () => {
    const lin = new Linear(4, 3);
    const before = lin.weight.toTypedArray();
    lin.resetParameters();
    expect(lin.weight.toTypedArray()).not.toEqual(before);
  });
});

describe('Dropout', () => {
  const x = randn([200, 500], { generator: new Generator(3) });

  it('is the identity in evaluation mode', () => {
    const d = new Dropout(0.3).eval();
    expect(forward(d, x)).toBe(x);
  });

  it('in training zeroes about p of the elements and scales every other one by exactly 1/(1-p)', () => {
    const p = 0.3;
    const d = new Dropout(p);
    manualSeed(5);
    const y = forward(d, x).toTypedArray();
    const xs = x.toTypedArray();
    const scale = 1 / (1 - p);
    let zeros = 0;
    for (let i = 0; i < xs.length; i++) {
      if (y[i] === 0) zeros++;
      else expect(y[i]).toBe(Math.fround(xs[i]! * scale)); // x * 1/(1-p), rounded once to float32
    }
    // the zero fraction is binomial(n, p) / n: within 5 standard errors
    const n = xs.length;
    expect(Math.abs(zeros / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    manualSeed(5);
    expect(forward(d, x).toTypedArray(), 'reproducible under manualSeed').toEqual(y);
  });

  it('inplace writes the dropped-out values into the input and returns it', () => {
    const input = ones([1000]);
    const out = forward(new Dropout(0.5, { inplace: true }), input);
    expect(out).toBe(input);
    const values = new Set(input.toTypedArray());
    expect([...values].sort()).toEqual([0, 2]);
  });

  it('keeps p in [0, 1] (PyTorch message)', () => {
    expect(() => new Dropout(Number.NaN)).toThrow(
      'dropout probability has to be between 0 and 1, but got NaN',
    );
  });
});

describe('in-place activations', () => {
  it('ReLU({ inplace }) overwrites a view of a larger tensor only where the view is', () => {
    const base = copy_(
      ones([2, 3]),
      tensor([
        [-1, 2, -3],
        [4, -5, 6],
      ]),
    );
    const row = base.select(0, 1);
    const out = forward(new ReLU({ inplace: true }), row);
    expect(out).toBe(row);
    expect(base.toArray()).toEqual([
      [-1, 2, -3],
      [4, 0, 6],
    ]);
  });
});
