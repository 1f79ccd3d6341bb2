// conv2d's params and options, shared by conv2d and its two gradients: normalising stride, padding ('same',
// 'valid') and dilation (PyTorch's `_pair`), and ATen's checks of them and of the shapes (`check_shape_forward`,
// same messages), each naming the op that was called.
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import type { Aval } from '../primitive.js';
import { formatShape, type Shape } from '../shape.js';
import { expectIntegers } from '../validate.js';

export type Pair = [number, number];

/** Normalised params: every spatial option as [height, width]; padding as (before, after) per spatial dim. */
export interface Conv2dParams {
  stride: Pair;
  /** [[top, bottom], [left, right]]: 'same' with an even kernel pads one more at the bottom/right, as PyTorch. */
  padding: [Pair, Pair];
  dilation: Pair;
  groups: number;
}

/** Zeros added on both sides: one number, [padH, padW], 'valid' (none) or 'same' (output size = input size). */
export type Conv2dPadding = number | readonly number[] | 'same' | 'valid';

export interface Conv2dOptions {
  stride?: number | readonly number[];
  padding?: Conv2dPadding;
  dilation?: number | readonly number[];
  groups?: number;
}

/** A number or a one- or two-element list as [height, width] (PyTorch's `_pair`). */
export function pair(op: string, name: string, v: number | readonly number[]): Pair {
  if (typeof v === 'number') return [v, v];
  expectIntegers(op, name, v);
  if (v.length === 1) return [v[0]!, v[0]!];
  if (v.length === 2) return [v[0]!, v[1]!];
  throw new ValueError(
    `${op}(): expected ${name} to be a single integer value or a list of 2 values to match the convolution ` +
      `dimensions, but got ${name}=[${v.join(', ')}]`,
  );
}

/** Refuses any of `avals` (named by `names`) that is not float32. */
export function checkFloat32(op: string, names: string, avals: readonly Aval[]): void {
  const dtypes = avals.map((t) => t.dtype);
  if (dtypes.some((d) => d !== 'float32'))
    throw new DTypeError(`${op}(): expected float32 ${names}, but got ${dtypes.join(', ')}`);
}

export function checkWeightRank(op: string, weight: Shape): void {
  if (weight.length !== 4) {
    throw new ShapeError(
      `${op}(): expected weight to be 4-D [out_channels, in_channels/groups, kH, kW], but got shape ${formatShape(weight)}`,
    );
  }
}

export function checkParams(op: string, { stride, padding, dilation, groups }: Conv2dParams): void {
  const all = [...stride, ...padding[0], ...padding[1], ...dilation, groups];
  if (!all.every(Number.isInteger)) {
    throw new ValueError(
      `${op}(): expected integer stride, padding, dilation and groups, but got stride=[${stride}], ` +
        `padding=[[${padding[0]}], [${padding[1]}]], dilation=[${dilation}], groups=${groups}`,
    );
  }
  if (stride.some((s) => s <= 0))
    throw new ValueError(`${op}(): non-positive stride is not supported (got [${stride}])`);
  if ([...padding[0], ...padding[1]].some((p) => p < 0)) {
    throw new ValueError(
      `${op}(): negative padding is not supported (got [[${padding[0]}], [${padding[1]}]])`,
    );
  }
  if (dilation.some((d) => d <= 0)) {
    throw new ValueError(`${op}(): dilation should be greater than zero, but got [${dilation.join(', ')}]`);
  }
  if (groups <= 0) throw new ValueError(`${op}(): non-positive groups is not supported (got ${groups})`);
}

/** Output size along one spatial dim: windows of dilated extent that fit in the padded input, `stride` apart. */
function outputSize(size: number, pad: Pair, kernel: number, dilation: number, stride: number): number {
  return Math.floor((size + pad[0] + pad[1] - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * ATen's `check_shape_forward` (same messages) of an input `xs` and a weight `ws` (and a bias, or null), and the
 * shape of conv2d's output.
 */
export function conv2dShape(
  op: string,
  xs: Shape,
  ws: Shape,
  bias: Shape | null,
  params: Conv2dParams,
): Shape {
  if (xs.length !== 3 && xs.length !== 4) {
    throw new ShapeError(
      `${op}(): Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${formatShape(xs)}`,
    );
  }
  checkWeightRank(op, ws);
  checkParams(op, params);
  const { stride, padding, dilation, groups } = params;
  const [outChannels, groupChannels, kh, kw] = ws as [number, number, number, number];
  if (kh === 0 || kw === 0) {
    throw new ValueError(
      `${op}(): kernel size should be greater than zero, but got a weight of size ${formatShape(ws)}`,
    );
  }
  if (outChannels === 0 || outChannels % groups !== 0) {
    throw new ShapeError(
      `${op}(): Given groups=${groups}, expected weight to be ${outChannels === 0 ? 'at least 1' : `divisible by ${groups}`} ` +
        `at dimension 0, but got weight of size ${formatShape(ws)} instead`,
    );
  }
  const [channels, height, width] = xs.slice(-3) as [number, number, number];
  if (channels !== groupChannels * groups) {
    throw new ShapeError(
      `${op}(): Given groups=${groups}, weight of size ${formatShape(ws)}, expected input${formatShape(xs)} to have ` +
        `${groupChannels * groups} channels, but got ${channels} channels instead`,
    );
  }
  if (bias && (bias.length !== 1 || bias[0] !== outChannels)) {
    throw new ShapeError(
      `${op}(): Given weight of size ${formatShape(ws)}, expected bias to be 1-dimensional with ${outChannels} ` +
        `elements, but got bias of size ${formatShape(bias)} instead`,
    );
  }
  const padded = [height + padding[0][0] + padding[0][1], width + padding[1][0] + padding[1][1]];
  const span = [dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1];
  if (padded[0]! < span[0]! || padded[1]! < span[1]!) {
    throw new ShapeError(
      `${op}(): Calculated padded input size per channel: (${padded[0]} x ${padded[1]}). Kernel size: ` +
        `(${span[0]} x ${span[1]}). Kernel size can't be greater than actual input size`,
    );
  }
  if ((height === 0 || width === 0) && channels !== 0 && (xs.length === 3 || xs[0] !== 0)) {
    throw new ShapeError(
      `${op}(): Only zero batch or zero channel inputs are supported, but got input shape: ${formatShape(xs)}`,
    );
  }
  const out = [0, 1].map((d) =>
    outputSize(xs[xs.length - 2 + d]!, padding[d]!, ws[2 + d]!, dilation[d]!, stride[d]!),
  );
  return [...xs.slice(0, -3), outChannels, ...out];
}

/**
 * Resolves the padding option against the kernel (`kernel()` gives its [kH, kW], read only for 'same'): 'same'
 * pads d*(k-1) in total, the odd one at the end.
 */
export function resolvePadding(
  op: string,
  padding: Conv2dPadding,
  kernel: () => Pair,
  stride: Pair,
  dilation: Pair,
): [Pair, Pair] {
  if (padding === 'valid') {
    return [
      [0, 0],
      [0, 0],
    ];
  }
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ValueError(
        `${op}(): padding='same' is not supported for strided convolutions (got stride=[${stride}])`,
      );
    }
    const size = kernel();
    return [0, 1].map((d) => {
      const total = dilation[d]! * (size[d]! - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    }) as [Pair, Pair];
  }
  if (typeof padding === 'string') {
    throw new ValueError(
      `${op}(): Invalid padding string: '${padding}' (expected 'same', 'valid', a number or a pair)`,
    );
  }
  const [ph, pw] = pair(op, 'padding', padding);
  return [
    [ph, ph],
    [pw, pw],
  ];
}
