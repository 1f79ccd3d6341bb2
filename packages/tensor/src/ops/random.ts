// Random ops: draws from a Philox Generator. They dispatch to the innermost transform (`dispatch: 'top'`) so a
// vmap sees every draw, even with no batched input, and applies its `randomness` policy.
import { allocate } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { definePrimitive } from '../primitive.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { checkShape, numelOf, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromTypedArray } from './creation.js';

export interface RandomOptions {
  generator?: Generator;
}

interface DrawParams {
  shape: number[];
  generator: Generator;
}

function checkedShape(op: string, shape: Shape): number[] {
  checkShape(op, shape);
  return [...shape];
}

function fromDraws(draws: ArrayLike<number>, shape: Shape): Tensor {
  const out = allocate('float32', draws.length);
  out.set(draws as ArrayLike<number>);
  return fromTypedArray(out, shape);
}

export const randnPrimitive = definePrimitive<DrawParams>({
  name: 'randn',
  family: 'random',
  dispatch: 'top',
  shapeRule: (_, { shape }) => [{ shape, dtype: 'float32' }],
  impl: (_, { shape, generator }) => [fromDraws(generator.normal(numelOf(shape)), shape)],
});

export const randPrimitive = definePrimitive<DrawParams>({
  name: 'rand',
  family: 'random',
  dispatch: 'top',
  shapeRule: (_, { shape }) => [{ shape, dtype: 'float32' }],
  impl: (_, { shape, generator }) => [fromDraws(generator.uniform(numelOf(shape)), shape)],
});

interface RandintParams extends DrawParams {
  low: number;
  high: number;
}

export const randintPrimitive = definePrimitive<RandintParams>({
  name: 'randint',
  family: 'random',
  dispatch: 'top',
  shapeRule: (_, { shape, low, high }) => {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new ValueError(`randint(): expected integers low < high, but got low=${low}, high=${high}`);
    }
    return [{ shape, dtype: 'int32' }];
  },
  impl: (_, { shape, low, high, generator }) => {
    const n = numelOf(shape);
    const u = generator.uniform(n);
    const out = allocate('int32', n);
    for (let i = 0; i < n; i++) out[i] = low + Math.floor(u[i]! * (high - low));
    return [fromTypedArray(out, shape)];
  },
});

interface RandpermParams {
  n: number;
  generator: Generator;
}

export const randpermPrimitive = definePrimitive<RandpermParams>({
  name: 'randperm',
  family: 'random',
  dispatch: 'top',
  shapeRule: (_, { n }) => {
    if (!Number.isInteger(n) || n < 0)
      throw new ValueError(`randperm(): expected a non-negative integer n, but got ${n}`);
    return [{ shape: [n], dtype: 'int32' }];
  },
  impl: (_, { n, generator }) => {
    const out = allocate('int32', n);
    for (let i = 0; i < n; i++) out[i] = i;
    const u = generator.uniform(n);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(u[i]! * (i + 1));
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return [fromTypedArray(out, [n])];
  },
});

interface DropoutParams {
  p: number;
  generator: Generator;
}

export const dropoutPrimitive = definePrimitive<DropoutParams>({
  name: 'dropout',
  family: 'random',
  dispatch: 'top',
  shapeRule: ([x], { p }) => {
    if (x!.dtype !== 'float32')
      throw new DTypeError(`dropout(): expected a float32 input, but got ${x!.dtype}`);
    if (!(p >= 0 && p <= 1))
      throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
    return [{ shape: x!.shape, dtype: 'float32' }];
  },
  impl: ([x], { p, generator }) => {
    const values = x!.toTypedArray();
    const u = generator.uniform(values.length);
    const scale = p === 1 ? 0 : 1 / (1 - p);
    const out = allocate('float32', values.length);
    for (let i = 0; i < values.length; i++) out[i] = u[i]! < 1 - p ? values[i]! * scale : 0;
    return [fromTypedArray(out, x!.shape)];
  },
});

/** Standard normal samples of `shape`. */
export function randn(shape: Shape, { generator = defaultGenerator }: RandomOptions = {}): Tensor {
  return bind1(randnPrimitive, [], { shape: checkedShape('randn', shape), generator });
}

/** Uniform samples in [0, 1) of `shape`. */
export function rand(shape: Shape, { generator = defaultGenerator }: RandomOptions = {}): Tensor {
  return bind1(randPrimitive, [], { shape: checkedShape('rand', shape), generator });
}

/** Uniform int32 samples in [low, high) of `shape`. */
export function randint(
  low: number,
  high: number,
  shape: Shape,
  { generator = defaultGenerator }: RandomOptions = {},
): Tensor {
  return bind1(randintPrimitive, [], { shape: checkedShape('randint', shape), low, high, generator });
}

/** A random permutation of 0..n-1 (int32). */
export function randperm(n: number, { generator = defaultGenerator }: RandomOptions = {}): Tensor {
  return bind1(randpermPrimitive, [], { n, generator });
}

export interface DropoutOptions extends RandomOptions {
  training?: boolean;
}

/**
 * Zeroes each element with probability `p` and scales the rest by 1/(1-p) when `training`; the identity (the
 * same tensor, no draw) otherwise, as `F.dropout`.
 */
export function dropout(
  x: Tensor,
  p = 0.5,
  { training = true, generator = defaultGenerator }: DropoutOptions = {},
): Tensor {
  if (!(p >= 0 && p <= 1))
    throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training) return x;
  return bind1(dropoutPrimitive, [x], { p, generator });
}
