// Random ops: draws from a Philox Generator. They dispatch to the innermost transform (`dispatch: 'top'`) so a
// vmap sees every draw, even with no batched input, and applies its `randomness` policy.
import { ArgumentTypeError, DTypeError, describeValue, ValueError } from '../errors.js';
import { bind, bind1 } from '../interpreter.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { defaultGenerator, Generator } from '../random/generator.js';
import { numelOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import {
  expectInteger,
  expectNumber,
  expectOptions,
  expectSize,
  expectTensor,
  type SizeArg,
} from '../validate.js';
import { empty } from './creation.js';

export interface RandomOptions {
  generator?: Generator;
}

export interface DrawParams {
  shape: number[];
  generator: Generator;
}

/** The generator of `options`: the default one, or a Generator. */
function generatorOf(op: string, options: RandomOptions): Generator {
  expectOptions(op, 'options', options);
  const { generator = defaultGenerator } = options;
  if (!(generator instanceof Generator)) {
    throw new ArgumentTypeError(
      `${op}(): argument 'generator' must be a Generator, but got ${describeValue(generator)}`,
    );
  }
  return generator;
}

/** A tensor of `aval` holding `draws`. */
function fromDraws(draws: ArrayLike<number>, aval: Aval): Tensor {
  const out = empty(aval);
  out.storage.data.set(draws);
  return out;
}

/** A draw of `shape` from `generator`, in every element. */
function drawSpec(draw: (g: Generator, n: number) => ArrayLike<number>): PrimitiveSpec<DrawParams> {
  return {
    dispatch: 'top',
    shapeRule: (_, { shape }) => [{ shape, dtype: 'float32' }],
    impl: (_, { shape, generator }, [aval]) => [fromDraws(draw(generator, numelOf(shape)), aval!)],
  };
}

export interface RandintParams extends DrawParams {
  low: number;
  high: number;
}

export interface RandpermParams {
  n: number;
  generator: Generator;
}

export interface DropoutParams {
  p: number;
  generator: Generator;
}

/** The random primitives: each draws from its `generator` param. */
export const randomPrimitives = /* @__PURE__ */ defineFamily('random', {
  randn: drawSpec((g, n) => g.normal(n)),
  rand: drawSpec((g, n) => g.uniform(n)),
  randint: {
    dispatch: 'top',
    shapeRule: (_, { shape, low, high }) => {
      const int32 = (v: number) => Number.isInteger(v) && v >= -(2 ** 31) && v <= 2 ** 31;
      if (!int32(low) || !int32(high) || high <= low) {
        throw new ValueError(
          `randint(): expected integers -2^31 <= low < high <= 2^31, but got low=${low}, high=${high}`,
        );
      }
      return [{ shape, dtype: 'int32' }];
    },
    impl: (_, { shape, low, high, generator }, [aval]) => {
      const n = numelOf(shape);
      // one 32-bit word per draw: every integer of a range up to 2^32 wide can come out
      const words = generator.uint32(n);
      const out = empty(aval!);
      const data = out.storage.data;
      const range = high - low;
      for (let i = 0; i < n; i++) data[i] = low + Math.floor((words[i]! * range) / 2 ** 32);
      return [out];
    },
  } satisfies PrimitiveSpec<RandintParams>,
  randperm: {
    dispatch: 'top',
    shapeRule: (_, { n }) => {
      if (!Number.isInteger(n) || n < 0)
        throw new ValueError(`randperm(): expected a non-negative integer n, but got ${n}`);
      return [{ shape: [n], dtype: 'int32' }];
    },
    impl: (_, { n, generator }, [aval]) => {
      const out = empty(aval!);
      const perm = out.storage.data;
      for (let i = 0; i < n; i++) perm[i] = i;
      const u = generator.uniform(n);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(u[i]! * (i + 1));
        const tmp = perm[i]!;
        perm[i] = perm[j]!;
        perm[j] = tmp;
      }
      return [out];
    },
  } satisfies PrimitiveSpec<RandpermParams>,
  dropout: {
    dispatch: 'top',
    shapeRule: ([x], { p }) => {
      if (x!.dtype !== 'float32')
        throw new DTypeError(`dropout(): expected a float32 input, but got ${x!.dtype}`);
      if (!(p >= 0 && p <= 1))
        throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
      // the output, and the mask of the elements kept (which a gradient reuses instead of drawing again)
      return [
        { shape: x!.shape, dtype: 'float32' },
        { shape: x!.shape, dtype: 'bool' },
      ];
    },
    impl: ([x], { p, generator }, [aval, maskAval]) => {
      const values = x!.toTypedArray();
      const u = generator.uniform(values.length);
      const scale = p === 1 ? 0 : 1 / (1 - p);
      const [out, kept] = [empty(aval!), empty(maskAval!)];
      const [data, mask] = [out.storage.data, kept.storage.data];
      for (let i = 0; i < values.length; i++) {
        mask[i] = u[i]! < 1 - p ? 1 : 0;
        data[i] = mask[i] ? values[i]! * scale : 0;
      }
      return [out, kept];
    },
  } satisfies PrimitiveSpec<DropoutParams>,
});

const P = randomPrimitives;

/** Standard normal samples of `size` (an array, or one number for a 1-d tensor). */
export function randn(size: SizeArg, options: RandomOptions = {}): Tensor {
  return bind1(P.randn, [], {
    shape: [...expectSize('randn', size)],
    generator: generatorOf('randn', options),
  });
}

/** Uniform samples in [0, 1) of `size` (an array, or one number for a 1-d tensor). */
export function rand(size: SizeArg, options: RandomOptions = {}): Tensor {
  return bind1(P.rand, [], { shape: [...expectSize('rand', size)], generator: generatorOf('rand', options) });
}

/** Uniform int32 samples in [low, high) of `shape`; both bounds within int32 (high up to 2^31). */
export function randint(low: number, high: number, shape: Shape, options: RandomOptions = {}): Tensor {
  expectInteger('randint', 'low', low);
  expectInteger('randint', 'high', high);
  const generator = generatorOf('randint', options);
  return bind1(P.randint, [], { shape: [...expectSize('randint', shape)], low, high, generator });
}

/** A random permutation of 0..n-1 (int32). */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  expectNumber('randperm', 'n', n);
  return bind1(P.randperm, [], { n, generator: generatorOf('randperm', options) });
}

export interface DropoutOptions extends RandomOptions {
  training?: boolean;
}

/**
 * Zeroes each element with probability `p` and scales the rest by 1/(1-p) when `training`; the identity (the
 * same tensor, no draw) otherwise, as `F.dropout`.
 */
export function dropout(x: Tensor, p = 0.5, options: DropoutOptions = {}): Tensor {
  expectTensor('dropout', 'input', x);
  expectNumber('dropout', 'p', p);
  const { training = true } = options;
  const generator = generatorOf('dropout', options);
  if (!(p >= 0 && p <= 1))
    throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training) return x;
  return bind(P.dropout, [x], { p, generator })[0]!;
}
