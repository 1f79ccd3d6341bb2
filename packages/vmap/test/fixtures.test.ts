// Replays the functorch fixtures (tools/golden/vmap.py, torch 1.13 `functorch.vmap`) through @bn's vmap: nested
// vmaps with in/out dims, conv2d in its three foldings, batchNorm with batched/unbatched running stats (running stats
// read after the call), and vmap's error texts. One runner per case kind; a throwing call must leave its inputs as
// they were. Where functorch 1.13 is wrong (the case has a `note`), the expected outputs are PyTorch's per-member
// loop, which is what vmap means.
import {
  add,
  batchNorm,
  conv2d,
  copy_,
  dropout,
  exp,
  matmul,
  mean,
  mul,
  permute,
  randn,
  sub,
  sum,
  type Tensor,
  tanh,
} from '@bn/tensor';
import { decodeTensor, expectClose } from '@bn/testing';
import { describe, expect, it } from 'vitest';
import { type Randomness, vmap } from '../src/index.js';
import {
  type ArgTree,
  type BatchNormCase,
  type Conv2dCase,
  decodeInput,
  type FixtureCase,
  loadFixture,
  type VmapCase,
} from './fixtures.js';

type Fn = (...args: never[]) => unknown;

/**
 * The generator's functions under the same names (its NESTED_FNS and ERROR_FNS): the error texts name them, as
 * functorch's name the Python functions.
 */
const FNS: Record<string, Fn> = {
  mulAdd: (a: Tensor, b: Tensor) => add(mul(a, b), a),
  matmul: (a: Tensor, b: Tensor) => matmul(a, b),
  sumMul: (a: Tensor, b: Tensor) => sum(mul(a, b), -1),
  permuteSub: (a: Tensor, b: Tensor) => sub(permute(a, [1, 0]), b),
  pair: (a: Tensor, b: Tensor) => [sub(a, b), exp(mul(a, b))],
  centerScale: (a: Tensor, b: Tensor) => sub(a, mul(mean(a, 0, { keepdim: true }), b)),
  double: (a: Tensor) => mul(a, 2),
  pairArg: ([a, b]: Tensor[]) => mul(a!, tanh(b!)),
  identity: (a: Tensor) => a,
  add: (a: Tensor, b: Tensor) => add(a, b),
  constant: () => 3,
  copy: (a: Tensor, b: Tensor) => copy_(a, b),
  noise: (a: Tensor) => add(a, randn([...a.shape])),
  drop: (a: Tensor) => dropout(a, 0.5),
  item: (a: Tensor) => a.item(),
  duplicate: (a: Tensor) => [a, a],
};

type Input = Tensor | number | null;

/** The argument list: the inputs grouped as the argument tree `args` (input indices) says. */
function buildArgs(args: ArgTree, inputs: readonly Input[]): unknown {
  return Array.isArray(args) ? args.map((a) => buildArgs(a, inputs)) : inputs[args];
}

/** A tensor or a (nested) array of tensors, flat in tree order. */
function flatOutputs(out: unknown): unknown[] {
  return Array.isArray(out) ? out.flatMap(flatOutputs) : [out];
}

function runVmapCase(c: VmapCase, inputs: Input[]): unknown[] {
  let f = FNS[c.fn];
  if (!f) throw new Error(`no function '${c.fn}' in the test`);
  for (const { inDims, outDims, randomness } of c.levels) {
    f = vmap(f, { inDims, outDims, randomness: randomness as Randomness | undefined }) as Fn;
  }
  const args = buildArgs(c.args ?? inputs.map((_, i) => i), inputs) as never[];
  return flatOutputs(f(...args));
}

function runConv2d(c: Conv2dCase, inputs: Input[]): unknown[] {
  const conv = (x: Tensor, w: Tensor, b: Tensor | null) => conv2d(x, w, b, c.params);
  return [
    vmap(conv, { inDims: c.inDims, outDims: c.outDims })(...(inputs as [Tensor, Tensor, Tensor | null])),
  ];
}

/** The output, then (training with running stats) the caller's running stats after the call. */
function runBatchNorm(c: BatchNormCase, inputs: Input[]): unknown[] {
  const { training, momentum, eps } = c.params;
  const bn = (x: Tensor, rm: Tensor | null, rv: Tensor | null, weight: Tensor | null, bias: Tensor | null) =>
    batchNorm(x, rm, rv, { weight, bias, training, momentum, eps });
  const [x, rm, rv, w, b] = inputs as [Tensor, Tensor | null, Tensor | null, Tensor | null, Tensor | null];
  const out = vmap(bn, { inDims: c.inDims })(x, rm, rv, w, b);
  return training && rm && rv ? [out, rm, rv] : [out];
}

function run(c: FixtureCase, inputs: Input[]): unknown[] {
  if (c.kind === 'conv2d') return runConv2d(c, inputs);
  if (c.kind === 'batchNorm') return runBatchNorm(c, inputs);
  return runVmapCase(c, inputs);
}

/**
 * What of functorch's message @bn must reproduce. Compared: every part of the text except the Python renderings
 * below, in order, and the exception class name (ValueError, RuntimeError, IndexError). Not compared (each must
 * be something non-empty in @bn's message, rendered the JS way): `<class 'float'>` (ours: `number`), `None`
 * (ours: `null`), tuples like `(0, 1.5)` (ours: arrays `[0,1.5]`), `TreeSpec(tuple, None, [*, *])` (ours:
 * `[*, *]`). @bn may add text before and after (e.g. the in-place primitive's name).
 * batchNorm's error is checked differently: @bn's message starts with functorch's first line, and then gives
 * @bn's own fixes instead of functorch's advice about `track_running_stats` and the functorch website. So is
 * item()'s and an in-place write's: functorch's first sentence, then @bn's explanation instead of "file a bug
 * report" about "PyTorch internals" or "the PyTorch framework".
 */
const PYTHON_RENDERINGS =
  /<class '[^']*'>|TreeSpec\(.*?\[[^\]]*\]\)|\((?:-?\d+(?:\.\d+)?, )*-?\d+(?:\.\d+)?,?\)|\bNone\b/g;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function functorchPattern(message: string): RegExp {
  return new RegExp(message.split(PYTHON_RENDERINGS).map(escapeRegExp).join('.+?'), 's');
}

/** Error cases whose message @bn words itself after functorch's first sentence. */
const OWN_AFTER_FIRST_SENTENCE = new Set([
  'item() on a batched tensor',
  'in-place copy_ into an unbatched tensor',
]);

/** The start of functorch's message that @bn's must begin with, where @bn words the rest itself. */
function functorchPrefix(c: FixtureCase): string | undefined {
  const expected = c.error!.message;
  if (c.kind === 'batchNorm') return expected.split('\n')[0];
  if (OWN_AFTER_FIRST_SENTENCE.has(c.name)) return `${expected.split('. ')[0]}.`;
  return undefined;
}

function expectFunctorchError(c: FixtureCase, inputs: Input[]): void {
  const expected = c.error!;
  let thrown: unknown;
  try {
    run(c, inputs);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'functorch raised here; @bn must throw').toBeInstanceOf(Error);
  const { name, message } = thrown as Error;
  const own = functorchPrefix(c);
  if (own !== undefined) {
    expect(message.startsWith(own), `@bn's message:\n${message}\nmust start with:\n${own}`).toBe(true);
  } else {
    expect(message, 'functorch text (Python renderings masked)').toMatch(functorchPattern(expected.message));
  }
  expect(name, 'error class').toBe(expected.type);
}

const fixture = loadFixture();
const KINDS = ['nested', 'conv2d', 'batchNorm', 'error'] as const;

describe(`functorch ${fixture.torch} fixtures`, () => {
  it('has cases of every kind', () => {
    for (const kind of KINDS)
      expect(
        fixture.cases.some((c) => c.kind === kind),
        kind,
      ).toBe(true);
  });

  for (const kind of KINDS) {
    describe(kind, () => {
      for (const c of fixture.cases.filter((x) => x.kind === kind)) {
        it(c.note ? `${c.name} (expected: the per-member loop; ${c.note})` : c.name, () => {
          const inputs = c.inputs.map(decodeInput);
          if (c.error) {
            const before = inputs.map((t) => (t !== null && typeof t === 'object' ? t.toTypedArray() : t));
            expectFunctorchError(c, inputs);
            inputs.forEach((t, i) => {
              const now = t !== null && typeof t === 'object' ? t.toTypedArray() : t;
              expect(now, `input ${i} unchanged after the error`).toEqual(before[i]);
            });
            return;
          }
          const outs = run(c, inputs);
          const expected = c.outputs ?? [];
          expect(outs.length, 'number of outputs').toBe(expected.length);
          expected.forEach((e, i) => {
            const what =
              c.kind === 'batchNorm' ? ['output', 'running mean', 'running var'][i] : `output ${i}`;
            expectClose(outs[i] as Tensor, decodeTensor(e), c.rtol, c.atol, what);
          });
        });
      }
    });
  }
});
