// 2-D convolution: the `conv2d` primitive (torch.nn.functional.conv2d: NCHW or unbatched CHW input, OIHW
// weight, stride, padding incl. 'same'/'valid', dilation, groups) with ATen's checks, on the im2col + GEMM kernel.

import { kernels } from '../backend.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { readTypedArray } from '../readout.js';
import { formatShape, isContiguousLayout, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectIntegers, expectOptionalTensor, expectTensor } from '../validate.js';
import { empty } from './creation.js';

type Pair = [number, number];

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
function pair(name: string, v: number | readonly number[]): Pair {
  if (typeof v === 'number') return [v, v];
  expectIntegers('conv2d', name, v);
  if (v.length === 1) return [v[0]!, v[0]!];
  if (v.length === 2) return [v[0]!, v[1]!];
  throw new ValueError(
    `conv2d(): expected ${name} to be a single integer value or a list of 2 values to match the convolution ` +
      `dimensions, but got ${name}=[${v.join(', ')}]`,
  );
}

function checkWeightRank(weight: Shape): void {
  if (weight.length !== 4) {
    throw new ShapeError(
      `conv2d(): expected weight to be 4-D [out_channels, in_channels/groups, kH, kW], but got shape ${formatShape(weight)}`,
    );
  }
}

function checkParams({ stride, padding, dilation, groups }: Conv2dParams): void {
  const all = [...stride, ...padding[0], ...padding[1], ...dilation, groups];
  if (!all.every(Number.isInteger)) {
    throw new ValueError(
      `conv2d(): expected integer stride, padding, dilation and groups, but got stride=[${stride}], ` +
        `padding=[[${padding[0]}], [${padding[1]}]], dilation=[${dilation}], groups=${groups}`,
    );
  }
  if (stride.some((s) => s <= 0))
    throw new ValueError(`conv2d(): non-positive stride is not supported (got [${stride}])`);
  if ([...padding[0], ...padding[1]].some((p) => p < 0)) {
    throw new ValueError(
      `conv2d(): negative padding is not supported (got [[${padding[0]}], [${padding[1]}]])`,
    );
  }
  if (dilation.some((d) => d <= 0)) {
    throw new ValueError(`conv2d(): dilation should be greater than zero, but got [${dilation.join(', ')}]`);
  }
  if (groups <= 0) throw new ValueError(`conv2d(): non-positive groups is not supported (got ${groups})`);
}

/** Output size along one spatial dim: windows of dilated extent that fit in the padded input, `stride` apart. */
function outputSize(size: number, pad: Pair, kernel: number, dilation: number, stride: number): number {
  return Math.floor((size + pad[0] + pad[1] - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** ATen's `check_shape_forward` (same messages) and the output shape. */
function conv2dRule([x, weight, bias]: readonly (Aval | null)[], params: Conv2dParams): Aval[] {
  const dtypes = [x!, weight!, ...(bias ? [bias] : [])].map((t) => t.dtype);
  if (dtypes.some((d) => d !== 'float32')) {
    throw new DTypeError(`conv2d(): expected float32 input, weight and bias, but got ${dtypes.join(', ')}`);
  }
  const xs = x!.shape;
  if (xs.length !== 3 && xs.length !== 4) {
    throw new ShapeError(
      `conv2d(): Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${formatShape(xs)}`,
    );
  }
  const ws = weight!.shape;
  checkWeightRank(ws);
  checkParams(params);
  const { stride, padding, dilation, groups } = params;
  const [outChannels, groupChannels, kh, kw] = ws as [number, number, number, number];
  if (kh === 0 || kw === 0) {
    throw new ValueError(
      `conv2d(): kernel size should be greater than zero, but got a weight of size ${formatShape(ws)}`,
    );
  }
  if (outChannels === 0 || outChannels % groups !== 0) {
    throw new ShapeError(
      `conv2d(): Given groups=${groups}, expected weight to be ${outChannels === 0 ? 'at least 1' : `divisible by ${groups}`} ` +
        `at dimension 0, but got weight of size ${formatShape(ws)} instead`,
    );
  }
  const [channels, height, width] = xs.slice(-3) as [number, number, number];
  if (channels !== groupChannels * groups) {
    throw new ShapeError(
      `conv2d(): Given groups=${groups}, weight of size ${formatShape(ws)}, expected input${formatShape(xs)} to have ` +
        `${groupChannels * groups} channels, but got ${channels} channels instead`,
    );
  }
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== outChannels)) {
    throw new ShapeError(
      `conv2d(): Given weight of size ${formatShape(ws)}, expected bias to be 1-dimensional with ${outChannels} ` +
        `elements, but got bias of size ${formatShape(bias.shape)} instead`,
    );
  }
  const padded = [height + padding[0][0] + padding[0][1], width + padding[1][0] + padding[1][1]];
  const span = [dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1];
  if (padded[0]! < span[0]! || padded[1]! < span[1]!) {
    throw new ShapeError(
      `conv2d(): Calculated padded input size per channel: (${padded[0]} x ${padded[1]}). Kernel size: ` +
        `(${span[0]} x ${span[1]}). Kernel size can't be greater than actual input size`,
    );
  }
  if ((height === 0 || width === 0) && channels !== 0 && (xs.length === 3 || xs[0] !== 0)) {
    throw new ShapeError(
      `conv2d(): Only zero batch or zero channel inputs are supported, but got input shape: ${formatShape(xs)}`,
    );
  }
  const out = [0, 1].map((d) =>
    outputSize(xs[xs.length - 2 + d]!, padding[d]!, ws[2 + d]!, dilation[d]!, stride[d]!),
  );
  return [{ shape: [...xs.slice(0, -3), outChannels, ...out], dtype: 'float32' }];
}

function conv2dImpl(
  [x, weight, bias]: readonly (Tensor | null)[],
  params: Conv2dParams,
  [aval]: readonly Aval[],
): Tensor[] {
  const X = x!;
  const W = weight!;
  const { stride, padding, dilation } = params;
  const batched = X.ndim === 4;
  const [n, c, h, w] = (batched ? X.shape : [1, ...X.shape]) as [number, number, number, number];
  const strides = (batched ? X.strides : [0, ...X.strides]) as [number, number, number, number];
  const data = X.storage.data as Float32Array;
  const [outChannels, , kh, kw] = W.shape as [number, number, number, number];
  const result = empty(aval!);
  const [outH, outW] = result.shape.slice(-2) as Pair;
  const weightContiguous = isContiguousLayout(W.shape, W.strides);
  kernels().conv2d(
    {
      batch: n,
      inChannels: c,
      height: h,
      width: w,
      outChannels,
      kernelH: kh,
      kernelW: kw,
      outH,
      outW,
      strideH: stride[0],
      strideW: stride[1],
      padTop: padding[0][0],
      padLeft: padding[1][0],
      dilationH: dilation[0],
      dilationW: dilation[1],
      groups: params.groups,
    },
    { data, offset: X.offset, shape: [n, c, h, w], strides },
    weightContiguous
      ? { data: W.storage.data as Float32Array, offset: W.offset, version: versionOf(W) }
      : { data: readTypedArray(W) as Float32Array, offset: 0, version: null },
    bias ? { data: bias.storage.data as Float32Array, offset: bias.offset, stride: bias.strides[0]! } : null,
    result.storage.data as Float32Array,
  );
  return [result];
}

/**
 * The version a backend may key a cache of `w`'s transformed values by: its storage version, or null for an array
 * the caller owns (`fromTypedArray`), which may change without @bn knowing.
 */
function versionOf(w: Tensor): number | null {
  return w.storage.external ? null : w.storage.version;
}

/** conv2d: inputs [x, weight, bias or null]; params normalised by `conv2d`. */
export const convPrimitives = /* @__PURE__ */ defineFamily('conv', {
  conv2d: { shapeRule: conv2dRule, impl: conv2dImpl } satisfies PrimitiveSpec<Conv2dParams>,
});

/** Resolves the padding option against the kernel: 'same' pads d*(k-1) in total, the odd one at the end. */
function resolvePadding(padding: Conv2dPadding, weight: Shape, stride: Pair, dilation: Pair): [Pair, Pair] {
  if (padding === 'valid') {
    return [
      [0, 0],
      [0, 0],
    ];
  }
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ValueError(
        `conv2d(): padding='same' is not supported for strided convolutions (got stride=[${stride}])`,
      );
    }
    checkWeightRank(weight);
    return [0, 1].map((d) => {
      const total = dilation[d]! * (weight[2 + d]! - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    }) as [Pair, Pair];
  }
  if (typeof padding === 'string') {
    throw new ValueError(
      `conv2d(): Invalid padding string: '${padding}' (expected 'same', 'valid', a number or a pair)`,
    );
  }
  const [ph, pw] = pair('padding', padding);
  return [
    [ph, ph],
    [pw, pw],
  ];
}

/**
 * torch.nn.functional.conv2d: cross-correlates `x` [N, C, H, W] (or unbatched [C, H, W]) with `weight`
 * [out_channels, C/groups, kH, kW], plus `bias` [out_channels]. float32 only.
 */
export function conv2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  { stride = 1, padding = 0, dilation = 1, groups = 1 }: Conv2dOptions = {},
): Tensor {
  expectTensor('conv2d', 'input', x);
  expectTensor('conv2d', 'weight', weight);
  expectOptionalTensor('conv2d', 'bias', bias);
  const s = pair('stride', stride);
  const d = pair('dilation', dilation);
  const params: Conv2dParams = {
    stride: s,
    padding: resolvePadding(padding, weight.shape, s, d),
    dilation: d,
    groups,
  };
  return bind1(convPrimitives.conv2d, [x, weight, bias], params);
}
