// 2-D pooling: maxPool2d, avgPool2d and adaptiveAvgPool2d over [N, C, H, W] or [C, H, W] inputs, with
// torch.nn.functional's signatures and ATen's checks and output-size formula (aten/src/ATen/native/Pool.h), and
// their backwards (ATen's max_pool2d_with_indices_backward, avg_pool2d_backward, _adaptive_avg_pool2d_backward) and
// max pooling's double backward (ATen's max_pool_double_backward).

import { kernels } from '../backend.js';
import { expectDType } from '../dtype.js';
import { ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import type { ImageBatch, PoolWindow } from '../kernel-interface.js';
import {
  adaptiveAvgPool2dBackwardKernel,
  adaptiveAvgPool2dKernel,
  avgPool2dBackwardKernel,
  avgPool2dKernel,
  maxPool2dBackwardKernel,
  maxPool2dDoubleBackwardKernel,
} from '../kernels/pool.js';
import { type Aval, defineFamily, type Inputs, type PrimitiveSpec } from '../primitive.js';
import { formatShape, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectIntegers, expectOperand, expectTensor } from '../validate.js';
import { empty } from './creation.js';

/** A size given once for both spatial dims, or as [height, width]. */
export type IntOrPair = number | readonly number[];
type Pair = [number, number];

export interface MaxPool2dParams {
  kernelSize: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  ceilMode: boolean;
}

export interface AvgPool2dParams {
  kernelSize: Pair;
  stride: Pair;
  padding: Pair;
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;
}

export interface AdaptiveAvgPool2dParams {
  outputSize: Pair;
}

/** A number or a one- or two-element list as a [height, width] pair (PyTorch's `_pair`). */
function pair(op: string, name: string, v: IntOrPair): Pair {
  if (typeof v === 'number') return [v, v];
  expectIntegers(op, name, v);
  if (v.length === 1) return [v[0]!, v[0]!];
  if (v.length === 2) return [v[0]!, v[1]!];
  throw new ValueError(
    `${op}(): ${name} must either be a single int, or a tuple of two ints, but got [${v.join(', ')}]`,
  );
}

function checkInts(op: string, name: string, p: readonly number[]): void {
  if (!p.every(Number.isInteger))
    throw new ValueError(`${op}(): expected ${name} to be integers, but got [${p.join(', ')}]`);
}

/** Checks a float32 [N, C, H, W] or [C, H, W] input whose dims other than N are non-zero (PyTorch's message). */
function checkPoolInput(op: string, x: Aval): void {
  expectDType(op, 'input', x.dtype, ['float32']);
  const s = x.shape;
  if ((s.length !== 3 && s.length !== 4) || s.slice(s.length === 4 ? 1 : 0).includes(0)) {
    throw new ShapeError(
      `${op}(): Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got: ${formatShape(s)}`,
    );
  }
}

/** PyTorch's `pooling_output_shape`: with ceilMode the last window must start inside the input or left padding. */
function poolOutputSize(
  size: number,
  k: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
) {
  const span = size + 2 * pad - dilation * (k - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/** Validates a pooling window against the input and returns the output shape (PyTorch's `pool2d_shape_check`). */
function windowOutputShape(op: string, x: Aval, w: PoolWindow, ceilMode: boolean): number[] {
  const { kernelSize: k, stride, padding: pad, dilation } = w;
  for (const [name, p] of Object.entries(w)) checkInts(op, name, p);
  if (k[0] <= 0 || k[1] <= 0) {
    throw new ValueError(`${op}(): kernel size should be greater than zero, but got kH: ${k[0]} kW: ${k[1]}`);
  }
  if (stride[0] <= 0 || stride[1] <= 0) {
    throw new ValueError(
      `${op}(): stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`,
    );
  }
  if (dilation[0] <= 0 || dilation[1] <= 0) {
    throw new ValueError(
      `${op}(): dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`,
    );
  }
  for (let d = 0; d < 2; d++) {
    if (pad[d]! < 0) throw new ValueError(`${op}(): pad must be non-negative, but got pad: ${pad[d]}`);
    if (pad[d]! > Math.floor(((k[d]! - 1) * dilation[d]! + 1) / 2)) {
      throw new ValueError(
        `${op}(): pad should be at most half of effective kernel size, but got pad=${pad[d]}, ` +
          `kernel_size=${k[d]} and dilation=${dilation[d]}`,
      );
    }
  }
  checkPoolInput(op, x);
  const s = x.shape;
  const [h, wd] = [s[s.length - 2]!, s[s.length - 1]!];
  const oh = poolOutputSize(h, k[0], pad[0], stride[0], dilation[0], ceilMode);
  const ow = poolOutputSize(wd, k[1], pad[1], stride[1], dilation[1], ceilMode);
  if (oh < 1 || ow < 1) {
    const c = s[s.length - 3];
    throw new ShapeError(
      `${op}(): Given input size: (${c}x${h}x${wd}). Calculated output size: (${c}x${oh}x${ow}). Output size is too small`,
    );
  }
  return [...s.slice(0, -2), oh, ow];
}

/** A level-0 tensor as the kernels' strided 4-d input (a 3-d input gets a batch dim of 1). */
function imageBatch(x: Tensor): ImageBatch {
  const s = x.ndim === 4 ? x.shape : [1, ...x.shape];
  const st = x.ndim === 4 ? x.strides : [0, ...x.strides];
  return {
    data: x.storage.data,
    offset: x.offset,
    shape: [s[0]!, s[1]!, s[2]!, s[3]!],
    strides: [st[0]!, st[1]!, st[2]!, st[3]!],
  };
}

function maxWindow({ ceilMode: _, ...w }: MaxPool2dParams): PoolWindow {
  return w;
}

function maxOutputShape(op: string, x: Aval, p: MaxPool2dParams): number[] {
  return windowOutputShape(op, x, maxWindow(p), p.ceilMode);
}

function avgWindow(p: AvgPool2dParams): PoolWindow {
  return { kernelSize: p.kernelSize, stride: p.stride, padding: p.padding, dilation: [1, 1] };
}

function avgOutputShape(op: string, x: Aval, p: AvgPool2dParams): number[] {
  const d = p.divisorOverride;
  if (d !== null && (!Number.isInteger(d) || d === 0)) {
    throw new ValueError(`${op}(): divisor must be a non-zero integer, but got divisorOverride=${d}`);
  }
  return windowOutputShape(op, x, avgWindow(p), p.ceilMode);
}

function adaptiveOutputShape(op: string, x: Aval, { outputSize }: AdaptiveAvgPool2dParams): number[] {
  checkInts(op, 'outputSize', outputSize);
  if (outputSize[0] < 0 || outputSize[1] < 0) {
    throw new ValueError(
      `${op}(): elements of output_size must be greater than or equal to 0 but received [${outputSize.join(', ')}]`,
    );
  }
  expectDType(op, 'input', x.dtype, ['float32']);
  const s = x.shape;
  if (s.length !== 3 && s.length !== 4) {
    throw new ShapeError(`${op}(): Expected 3D or 4D tensor, but got ${formatShape(s)}`);
  }
  expectNonEmptyFrom(op, 'input', s, s.length - 2);
  return [...s.slice(0, -2), ...outputSize];
}

/** ATen's adaptive pooling check that dims `from` on of `name` are non-empty (its "non-batch dimensions"). */
function expectNonEmptyFrom(op: string, name: string, s: Shape, from: number): void {
  const d = s.findIndex((size, i) => i >= from && size === 0);
  if (d >= 0) {
    throw new ShapeError(
      `${op}(): Expected ${name} to have non-zero size for non-batch dimensions, but ${name} has sizes ` +
        `${formatShape(s)} with dimension ${d} being empty`,
    );
  }
}

/**
 * The shape rule of `forward`'s backward: x checked as the forward checks it, gradOutput of the shape the forward
 * gives x (PyTorch's `check_dim_size` of every dim); the gradient has x's shape.
 */
function gradientAvals<P>(
  forward: string,
  [gradOutput, x]: Inputs<Aval>,
  params: P,
  outputShape: (op: string, x: Aval, params: P) => number[],
): Aval[] {
  const op = `${forward}Backward`;
  const expected = outputShape(op, x!, params);
  const what = `the output of ${forward}() for an input of ${formatShape(x!.shape)}`;
  expectOperand(op, 'gradOutput', gradOutput!, expected, what);
  return [{ shape: x!.shape, dtype: 'float32' }];
}

/**
 * The shape rule of max pooling's double backward: x checked as the forward checks it, source of x's shape; the
 * result has the forward's output shape.
 */
function doubleBackwardAvals([source, x]: Inputs<Aval>, params: MaxPool2dParams): Aval[] {
  const op = 'maxPool2dDoubleBackward';
  const shape = maxOutputShape(op, x!, params);
  expectOperand(op, 'source', source!, x!.shape, 'the shape of the input x');
  return [{ shape, dtype: 'float32' }];
}

/**
 * The pooling primitives; each reads a [N, C, H, W] or [C, H, W] input into a fresh output of its aval. A backward
 * takes [gradOutput, x] and the forward's params and gives the gradient of x (x only for its shape in the averages,
 * as ATen's backwards take `self`). Max pooling's double backward takes [source, x] (source of x's shape) and the
 * forward's params and gives, per window of x, source at the window's max: the transpose of the backward in
 * gradOutput and the JVP of the forward.
 */
export const poolPrimitives = /* @__PURE__ */ defineFamily('pool', {
  maxPool2d: {
    shapeRule: ([x], p) => [{ shape: maxOutputShape('maxPool2d', x!, p), dtype: 'float32' }],
    impl: ([x], p, [aval]) => {
      const out = empty(aval!);
      const [oh, ow] = out.shape.slice(-2) as Pair;
      kernels().maxPool2d(imageBatch(x!), oh, ow, maxWindow(p), out.storage.data as Float32Array);
      return [out];
    },
  } satisfies PrimitiveSpec<MaxPool2dParams>,
  maxPool2dBackward: {
    shapeRule: (inputs, p) => gradientAvals('maxPool2d', inputs, p, maxOutputShape),
    impl: ([gradOutput, x], p, [aval]) => {
      const gradInput = empty(aval!);
      const data = gradInput.storage.data as Float32Array;
      maxPool2dBackwardKernel(imageBatch(gradOutput!), imageBatch(x!), maxWindow(p), data);
      return [gradInput];
    },
  } satisfies PrimitiveSpec<MaxPool2dParams>,
  maxPool2dDoubleBackward: {
    shapeRule: doubleBackwardAvals,
    impl: ([source, x], p, [aval]) => {
      const out = empty(aval!);
      const [oh, ow] = out.shape.slice(-2) as Pair;
      const data = out.storage.data as Float32Array;
      maxPool2dDoubleBackwardKernel(imageBatch(source!), imageBatch(x!), oh, ow, maxWindow(p), data);
      return [out];
    },
  } satisfies PrimitiveSpec<MaxPool2dParams>,
  avgPool2d: {
    shapeRule: ([x], p) => [{ shape: avgOutputShape('avgPool2d', x!, p), dtype: 'float32' }],
    impl: ([x], p, [aval]) => {
      const out = empty(aval!);
      const [oh, ow] = out.shape.slice(-2) as Pair;
      avgPool2dKernel(imageBatch(x!), oh, ow, avgWindow(p), p, out.storage.data as Float32Array);
      return [out];
    },
  } satisfies PrimitiveSpec<AvgPool2dParams>,
  avgPool2dBackward: {
    shapeRule: (inputs, p) => gradientAvals('avgPool2d', inputs, p, avgOutputShape),
    impl: ([gradOutput], p, [aval]) => {
      const gradInput = empty(aval!);
      const [h, w] = aval!.shape.slice(-2) as Pair;
      const data = gradInput.storage.data as Float32Array;
      avgPool2dBackwardKernel(imageBatch(gradOutput!), h, w, avgWindow(p), p, data);
      return [gradInput];
    },
  } satisfies PrimitiveSpec<AvgPool2dParams>,
  adaptiveAvgPool2d: {
    shapeRule: ([x], p) => [{ shape: adaptiveOutputShape('adaptiveAvgPool2d', x!, p), dtype: 'float32' }],
    impl: ([x], { outputSize }, [aval]) => {
      const out = empty(aval!);
      adaptiveAvgPool2dKernel(imageBatch(x!), outputSize[0], outputSize[1], out.storage.data as Float32Array);
      return [out];
    },
  } satisfies PrimitiveSpec<AdaptiveAvgPool2dParams>,
  adaptiveAvgPool2dBackward: {
    shapeRule: (inputs, p) => {
      const avals = gradientAvals('adaptiveAvgPool2d', inputs, p, adaptiveOutputShape);
      // PyTorch's backward also refuses an empty gradOutput but for its batch dim (output size 0, no channels)
      expectNonEmptyFrom('adaptiveAvgPool2dBackward', 'gradOutput', inputs[0]!.shape, 1);
      return avals;
    },
    impl: ([gradOutput], _, [aval]) => {
      const gradInput = empty(aval!);
      const [h, w] = aval!.shape.slice(-2) as Pair;
      adaptiveAvgPool2dBackwardKernel(imageBatch(gradOutput!), h, w, gradInput.storage.data as Float32Array);
      return [gradInput];
    },
  } satisfies PrimitiveSpec<AdaptiveAvgPool2dParams>,
});

const P = poolPrimitives;

export interface MaxPool2dOptions {
  /** Defaults to `kernelSize` (also when null, as in `F.max_pool2d`). */
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  ceilMode?: boolean;
}

/** `F.max_pool2d`: the max over each window; padding is never chosen and a nan in a window propagates. */
export function maxPool2d(
  x: Tensor,
  kernelSize: IntOrPair,
  { stride = null, padding = 0, dilation = 1, ceilMode = false }: MaxPool2dOptions = {},
): Tensor {
  const op = 'maxPool2d';
  expectTensor(op, 'input', x);
  return bind1(P.maxPool2d, [x], {
    kernelSize: pair(op, 'kernel_size', kernelSize),
    stride: pair(op, 'stride', stride ?? kernelSize),
    padding: pair(op, 'padding', padding),
    dilation: pair(op, 'dilation', dilation),
    ceilMode,
  });
}

export interface AvgPool2dOptions {
  /** Defaults to `kernelSize` (also when null, as in `F.avg_pool2d`). */
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  ceilMode?: boolean;
  /** Count the zero padding in the divisor. */
  countIncludePad?: boolean;
  /** Divide every window by this instead of its size. */
  divisorOverride?: number | null;
}

/** `F.avg_pool2d`: the mean over each window. */
export function avgPool2d(
  x: Tensor,
  kernelSize: IntOrPair,
  {
    stride = null,
    padding = 0,
    ceilMode = false,
    countIncludePad = true,
    divisorOverride = null,
  }: AvgPool2dOptions = {},
): Tensor {
  const op = 'avgPool2d';
  expectTensor(op, 'input', x);
  return bind1(P.avgPool2d, [x], {
    kernelSize: pair(op, 'kernel_size', kernelSize),
    stride: pair(op, 'stride', stride ?? kernelSize),
    padding: pair(op, 'padding', padding),
    ceilMode,
    countIncludePad,
    divisorOverride,
  });
}

/** `F.adaptive_avg_pool2d`: `outputSize` windows per spatial dim; null keeps that dim's input size. */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  expectTensor('adaptiveAvgPool2d', 'input', x);
  const sizes = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  if (sizes.length !== 2) {
    throw new ValueError(`adaptiveAvgPool2d(): output_size must be 2 numbers, but got [${sizes.join(', ')}]`);
  }
  const resolved = sizes.map((s, i) => s ?? spatialSize(x.shape, i)) as Pair;
  return bind1(P.adaptiveAvgPool2d, [x], { outputSize: resolved });
}

/** Size of spatial dim `i` (0 = height, 1 = width) of a [..., H, W] shape. */
function spatialSize(shape: Shape, i: number): number {
  return shape[shape.length - 2 + i] ?? 0;
}
