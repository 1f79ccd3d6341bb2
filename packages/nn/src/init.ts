// Parameter initialisers (torch.nn.init of PyTorch 1.13): gains, fans, and in-place uniform, normal, constant,
// Kaiming and Xavier fills drawn from @bn/tensor's generators. Mirrors torch/nn/init.py.
import {
  copy_,
  DTypeError,
  defaultGenerator,
  expectTensor,
  fill_,
  type Generator,
  rand,
  randn,
  type Tensor,
  ValueError,
  zero_,
} from '@bn/tensor';
import { py } from './repr.js';
import { initSkipped } from './skip-init.js';

/** The functions `calculateGain` knows (PyTorch's names). */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

/** Which fan Kaiming initialisation preserves the variance of: forward activations or backward gradients. */
export type FanMode = 'fan_in' | 'fan_out';

export interface InitOptions {
  /** Where the random values come from (PyTorch 1.13's init has no such argument: it uses the default one). */
  generator?: Generator;
}

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky_relu that follows (used only with `nonlinearity: 'leaky_relu'`). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

export interface XavierOptions extends InitOptions {
  gain?: number;
}

const LINEAR_FNS: readonly string[] = [
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
];

/** The recommended gain for `nonlinearity`; `param` is leaky_relu's negative slope (default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param: number | null = null): number {
  if (LINEAR_FNS.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  if (nonlinearity === 'tanh') return 5 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2);
  if (nonlinearity === 'leaky_relu') {
    if (param !== null && typeof param !== 'number') {
      throw new ValueError(
        `negative_slope ${typeof param === 'boolean' ? py(param) : param} not a valid number`,
      );
    }
    const negativeSlope = param ?? 0.01;
    return Math.sqrt(2 / (1 + negativeSlope ** 2));
  }
  // value found empirically (https://github.com/pytorch/pytorch/pull/50664)
  if (nonlinearity === 'selu') return 3 / 4;
  throw new ValueError(`Unsupported nonlinearity ${nonlinearity}`);
}

/** [fanIn, fanOut] of a weight [out, in, ...kernel]: in (out) channels times the kernel's size. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  expectTensor('calculateFanInAndFanOut', 'tensor', t);
  if (t.ndim < 2) {
    throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  const receptiveField = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1]! * receptiveField, t.shape[0]! * receptiveField];
}

function expectFloat(op: string, t: Tensor): void {
  expectTensor(op, 'tensor', t);
  if (t.dtype !== 'float32') {
    throw new DTypeError(`${op}(): expected a float32 tensor to fill with random values, but got ${t.dtype}`);
  }
}

/** Fills `t` in place with values drawn uniformly from [a, b); returns `t`. */
export function uniform_(
  t: Tensor,
  a = 0,
  b = 1,
  { generator = defaultGenerator }: InitOptions = {},
): Tensor {
  expectFloat('uniform_', t);
  for (const [name, v] of [
    ['from', a],
    ['to', b],
  ] as const) {
    if (!Number.isFinite(v)) throw new ValueError(`${name} is out of bounds for float`);
  }
  if (a > b) {
    throw new ValueError(`uniform_ expects to return a [from, to) range, but found from=${a} > to=${b}`);
  }
  if (initSkipped()) return t;
  return copy_(
    t,
    rand(t.shape, { generator })
      .mul(b - a)
      .add(a),
  );
}

/** Fills `t` in place with values drawn from N(mean, std^2); returns `t`. */
export function normal_(
  t: Tensor,
  mean = 0,
  std = 1,
  { generator = defaultGenerator }: InitOptions = {},
): Tensor {
  expectFloat('normal_', t);
  if (!(std >= 0)) throw new ValueError(`normal expects std >= 0.0, but found std ${std}`);
  if (initSkipped()) return t;
  return copy_(t, randn(t.shape, { generator }).mul(std).add(mean));
}

/** Fills `t` with `val`; returns `t`. */
export function constant_(t: Tensor, val: number): Tensor {
  expectTensor('constant_', 'tensor', t);
  return initSkipped() ? t : fill_(t, val);
}

/** Fills `t` with zeros; returns `t`. */
export function zeros_(t: Tensor): Tensor {
  expectTensor('zeros_', 'tensor', t);
  return initSkipped() ? t : zero_(t);
}

/** Fills `t` with ones; returns `t`. */
export function ones_(t: Tensor): Tensor {
  expectTensor('ones_', 'tensor', t);
  return initSkipped() ? t : fill_(t, 1);
}

/** The fan of `t` that `mode` (case-insensitive, as PyTorch) selects. */
function correctFan(t: Tensor, mode: string): number {
  const m = mode.toLowerCase();
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new ValueError(`Mode ${m} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return m === 'fan_in' ? fanIn : fanOut;
}

/** He et al.'s standard deviation gain / sqrt(fan); null for a zero-element tensor (nothing to fill). */
function kaimingStd(t: Tensor, { a, mode, nonlinearity }: Required<Omit<KaimingOptions, 'generator'>>) {
  // PyTorch warns "Initializing zero-element tensors is a no-op" and returns before checking anything
  if (t.shape.includes(0)) return null;
  const fan = correctFan(t, mode);
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/** He (Kaiming) uniform: U(-bound, bound) with bound = gain * sqrt(3 / fan); returns `t`. */
export function kaimingUniform_(
  t: Tensor,
  { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu', generator }: KaimingOptions = {},
): Tensor {
  expectTensor('kaimingUniform_', 'tensor', t);
  const std = kaimingStd(t, { a, mode, nonlinearity });
  if (std === null) return t;
  const bound = Math.sqrt(3) * std;
  return uniform_(t, -bound, bound, { generator });
}

/** He (Kaiming) normal: N(0, std^2) with std = gain / sqrt(fan); returns `t`. */
export function kaimingNormal_(
  t: Tensor,
  { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu', generator }: KaimingOptions = {},
): Tensor {
  expectTensor('kaimingNormal_', 'tensor', t);
  const std = kaimingStd(t, { a, mode, nonlinearity });
  if (std === null) return t;
  return normal_(t, 0, std, { generator });
}

/** Glorot's standard deviation gain * sqrt(2 / (fanIn + fanOut)). */
function xavierStd(t: Tensor, gain: number): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return gain * Math.sqrt(2 / (fanIn + fanOut));
}

/** Glorot (Xavier) uniform: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)); returns `t`. */
export function xavierUniform_(t: Tensor, { gain = 1, generator }: XavierOptions = {}): Tensor {
  expectTensor('xavierUniform_', 'tensor', t);
  const bound = Math.sqrt(3) * xavierStd(t, gain);
  return uniform_(t, -bound, bound, { generator });
}

/** Glorot (Xavier) normal: N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)); returns `t`. */
export function xavierNormal_(t: Tensor, { gain = 1, generator }: XavierOptions = {}): Tensor {
  expectTensor('xavierNormal_', 'tensor', t);
  return normal_(t, 0, xavierStd(t, gain), { generator });
}
