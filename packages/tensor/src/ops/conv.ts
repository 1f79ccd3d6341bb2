// 2-D convolution: the `conv2d` primitive (torch.nn.functional.conv2d: NCHW or unbatched CHW input, OIHW
// weight, stride, padding incl. 'same'/'valid', dilation, groups) with ATen's checks, on the im2col + GEMM kernel;
// and its input and weight gradients (the two outputs of ATen's `convolution_backward`) as primitives of their own.

import { kernels } from '../backend.js';
import { ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import type { ConvWeights, ImageBatch } from '../kernel-interface.js';
import type { Conv2dGeometry } from '../plan/conv.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { readTypedArray } from '../readout.js';
import { formatShape, isContiguousLayout, type Shape, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectIntegers, expectOptionalTensor, expectTensor } from '../validate.js';
import {
  type Conv2dOptions,
  type Conv2dPadding,
  type Conv2dParams,
  checkFloat32,
  checkParams,
  checkWeightRank,
  conv2dShape,
  type Pair,
  pair,
  resolvePadding,
} from './conv-params.js';
import { empty } from './creation.js';

/** conv2dBackwardInput's params: the conv2d's, and its input's [height, width]. */
export interface Conv2dBackwardInputParams extends Conv2dParams {
  inputSize: Pair;
}

/** conv2dBackwardWeight's params: the conv2d's, and its weight's [kH, kW]. */
export interface Conv2dBackwardWeightParams extends Conv2dParams {
  kernelSize: Pair;
}

/** conv2d's options for its gradients; padding may also be conv2d's params' [[top, bottom], [left, right]]. */
export interface Conv2dGradOptions extends Omit<Conv2dOptions, 'padding'> {
  padding?: Conv2dPadding | readonly [readonly number[], readonly number[]];
}

function conv2dRule([x, weight, bias]: readonly (Aval | null)[], params: Conv2dParams): Aval[] {
  checkFloat32('conv2d', 'input, weight and bias', [x!, weight!, ...(bias ? [bias] : [])]);
  const shape = conv2dShape('conv2d', x!.shape, weight!.shape, bias?.shape ?? null, params);
  return [{ shape, dtype: 'float32' }];
}

/** Refuses a gradOutput of another shape than the conv2d's output (`expected`) for `what`. */
function checkGradOutput(op: string, gradOutput: Shape, expected: Shape, what: string): void {
  if (!sameShape(gradOutput, expected)) {
    throw new ShapeError(
      `${op}(): expected gradOutput of size ${formatShape(expected)} (conv2d's output for ${what}), but got ` +
        `gradOutput of size ${formatShape(gradOutput)}`,
    );
  }
}

function checkGradOutputRank(op: string, gradOutput: Shape): void {
  if (gradOutput.length !== 3 && gradOutput.length !== 4) {
    throw new ShapeError(
      `${op}(): expected gradOutput to be 3-D (unbatched) or 4-D (batched), but got size ${formatShape(gradOutput)}`,
    );
  }
}

/** Refuses a size param that is not [height, width] of integers from `min` on. */
function checkSize(op: string, name: string, size: readonly number[], min: number): void {
  if (size.length !== 2 || !size.every((s) => Number.isInteger(s) && s >= min)) {
    throw new ValueError(
      `${op}(): expected ${name} to be [height, width] of integers >= ${min}, but got [${size.join(', ')}]`,
    );
  }
}

/** The input's shape from the weight, checked as conv2d would check it, and gradOutput against its output. */
function conv2dBackwardInputRule(
  [gradOutput, weight]: readonly (Aval | null)[],
  params: Conv2dBackwardInputParams,
): Aval[] {
  const op = 'conv2dBackwardInput';
  checkFloat32(op, 'gradOutput and weight', [gradOutput!, weight!]);
  const gs = gradOutput!.shape;
  const ws = weight!.shape;
  checkGradOutputRank(op, gs);
  checkWeightRank(op, ws);
  checkSize(op, 'inputSize', params.inputSize, 0);
  const input = [...gs.slice(0, -3), ws[1]! * params.groups, ...params.inputSize];
  const expected = conv2dShape(op, input, ws, null, params);
  checkGradOutput(
    op,
    gs,
    expected,
    `an input of size ${formatShape(input)} and a weight of size ${formatShape(ws)}`,
  );
  return [{ shape: input, dtype: 'float32' }];
}

/** The weight's shape from the input and gradOutput, checked as conv2d would check it, and gradOutput against its output. */
function conv2dBackwardWeightRule(
  [gradOutput, x]: readonly (Aval | null)[],
  params: Conv2dBackwardWeightParams,
): Aval[] {
  const op = 'conv2dBackwardWeight';
  checkFloat32(op, 'gradOutput and input', [gradOutput!, x!]);
  const gs = gradOutput!.shape;
  const xs = x!.shape;
  checkGradOutputRank(op, gs);
  if (xs.length !== gs.length) {
    throw new ShapeError(
      `${op}(): Expected input and gradOutput to have the same number of dimensions, but got: ${xs.length} and ${gs.length}`,
    );
  }
  checkSize(op, 'kernelSize', params.kernelSize, 0);
  checkParams(op, params);
  const channels = xs.at(-3)!;
  if (channels % params.groups !== 0) {
    throw new ShapeError(
      `${op}(): Given groups=${params.groups}, expected input${formatShape(xs)} to have a multiple of ` +
        `${params.groups} channels, but got ${channels} channels instead`,
    );
  }
  const weight = [gs.at(-3)!, channels / params.groups, ...params.kernelSize];
  const expected = conv2dShape(op, xs, weight, null, params);
  checkGradOutput(
    op,
    gs,
    expected,
    `an input of size ${formatShape(xs)} and a weight of size ${formatShape(weight)}`,
  );
  return [{ shape: weight, dtype: 'float32' }];
}

/** A 4-D (NCHW) or unbatched 3-D float32 tensor as the kernels' image batch (one image for 3-D). */
function imagesOf(t: Tensor): ImageBatch {
  const batched = t.ndim === 4;
  return {
    data: t.storage.data as Float32Array,
    offset: t.offset,
    shape: (batched ? t.shape : [1, ...t.shape]) as [number, number, number, number],
    strides: (batched ? t.strides : [0, ...t.strides]) as [number, number, number, number],
  };
}

/**
 * A weight as the kernels take it: contiguous in place with its storage version (a backend may key a cache of
 * transformed values by it; null for an array the caller owns, `fromTypedArray`, which may change without @bn
 * knowing), or a contiguous copy.
 */
function weightsOf(w: Tensor): ConvWeights {
  if (!isContiguousLayout(w.shape, w.strides))
    return { data: readTypedArray(w) as Float32Array, offset: 0, version: null };
  return {
    data: w.storage.data as Float32Array,
    offset: w.offset,
    version: w.storage.external ? null : w.storage.version,
  };
}

/** The kernels' geometry of a conv2d of input, weight and output shapes (3-D or 4-D input and output). */
function geometryOf(
  input: Shape,
  weight: Shape,
  output: Shape,
  { stride, padding, dilation, groups }: Conv2dParams,
): Conv2dGeometry {
  const [c, h, w] = input.slice(-3) as [number, number, number];
  const [outChannels, , kh, kw] = weight as [number, number, number, number];
  const [outH, outW] = output.slice(-2) as Pair;
  return {
    batch: input.length === 4 ? input[0]! : 1,
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
    groups,
  };
}

function conv2dImpl(
  [x, weight, bias]: readonly (Tensor | null)[],
  params: Conv2dParams,
  [aval]: readonly Aval[],
): Tensor[] {
  const result = empty(aval!);
  kernels().conv2d(
    geometryOf(x!.shape, weight!.shape, result.shape, params),
    imagesOf(x!),
    weightsOf(weight!),
    bias ? { data: bias.storage.data as Float32Array, offset: bias.offset, stride: bias.strides[0]! } : null,
    result.storage.data as Float32Array,
  );
  return [result];
}

function conv2dBackwardInputImpl(
  [gradOutput, weight]: readonly (Tensor | null)[],
  params: Conv2dBackwardInputParams,
  [aval]: readonly Aval[],
): Tensor[] {
  const result = empty(aval!);
  kernels().conv2dBackwardInput(
    geometryOf(result.shape, weight!.shape, gradOutput!.shape, params),
    imagesOf(gradOutput!),
    weightsOf(weight!),
    result.storage.data as Float32Array,
  );
  return [result];
}

function conv2dBackwardWeightImpl(
  [gradOutput, x]: readonly (Tensor | null)[],
  params: Conv2dBackwardWeightParams,
  [aval]: readonly Aval[],
): Tensor[] {
  const result = empty(aval!);
  kernels().conv2dBackwardWeight(
    geometryOf(x!.shape, result.shape, gradOutput!.shape, params),
    imagesOf(gradOutput!),
    imagesOf(x!),
    result.storage.data as Float32Array,
  );
  return [result];
}

/**
 * conv2d: inputs [x, weight, bias or null]; conv2dBackwardInput: [gradOutput, weight] -> the input's gradient;
 * conv2dBackwardWeight: [gradOutput, x] -> the weight's gradient. Params normalised by the public functions.
 */
export const convPrimitives = /* @__PURE__ */ defineFamily('conv', {
  conv2d: { shapeRule: conv2dRule, impl: conv2dImpl } satisfies PrimitiveSpec<Conv2dParams>,
  conv2dBackwardInput: {
    shapeRule: conv2dBackwardInputRule,
    impl: conv2dBackwardInputImpl,
  } satisfies PrimitiveSpec<Conv2dBackwardInputParams>,
  conv2dBackwardWeight: {
    shapeRule: conv2dBackwardWeightRule,
    impl: conv2dBackwardWeightImpl,
  } satisfies PrimitiveSpec<Conv2dBackwardWeightParams>,
});

/** Normalised params of `op` from conv2d's options; `kernel()` gives [kH, kW] for padding 'same'. */
function paramsOf(
  op: string,
  { stride = 1, padding = 0, dilation = 1, groups = 1 }: Conv2dOptions,
  kernel: () => Pair,
): Conv2dParams {
  const s = pair(op, 'stride', stride);
  const d = pair(op, 'dilation', dilation);
  return { stride: s, padding: resolvePadding(op, padding, kernel, s, d), dilation: d, groups };
}

/** Whether a padding option is given per side, [[top, bottom], [left, right]]. */
function isPaddingPairs(
  padding: Conv2dGradOptions['padding'],
): padding is readonly [readonly number[], readonly number[]] {
  return Array.isArray(padding) && padding.length === 2 && padding.every((p) => Array.isArray(p));
}

/** `paramsOf` for a gradient, whose padding may also be [[top, bottom], [left, right]]. */
function gradParamsOf(
  op: string,
  { padding, ...options }: Conv2dGradOptions,
  kernel: () => Pair,
): Conv2dParams {
  if (!isPaddingPairs(padding)) return paramsOf(op, { ...options, padding }, kernel);
  const [rows, cols] = padding;
  return {
    ...paramsOf(op, options, kernel),
    padding: [pairOf(op, 'padding[0]', rows), pairOf(op, 'padding[1]', cols)],
  };
}

/** Exactly two integers. */
function pairOf(op: string, name: string, v: readonly number[]): Pair {
  expectIntegers(op, name, v);
  if (v.length !== 2)
    throw new ValueError(`${op}(): expected ${name} to be 2 integers, but got [${v.join(', ')}]`);
  return [v[0]!, v[1]!];
}

/** A weight's [kH, kW], after checking it is 4-D. */
const kernelOf = (op: string, weight: Tensor) => (): Pair => {
  checkWeightRank(op, weight.shape);
  return [weight.shape[2]!, weight.shape[3]!];
};

/**
 * torch.nn.functional.conv2d: cross-correlates `x` [N, C, H, W] (or unbatched [C, H, W]) with `weight`
 * [out_channels, C/groups, kH, kW], plus `bias` [out_channels]. float32 only.
 */
export function conv2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
  options: Conv2dOptions = {},
): Tensor {
  expectTensor('conv2d', 'input', x);
  expectTensor('conv2d', 'weight', weight);
  expectOptionalTensor('conv2d', 'bias', bias);
  return bind1(
    convPrimitives.conv2d,
    [x, weight, bias],
    paramsOf('conv2d', options, kernelOf('conv2d', weight)),
  );
}

/**
 * The gradient of conv2d's input (torch.nn.grad.conv2d_input, the first output of ATen's convolution_backward): the
 * gradient `gradOutput` [N, O, oH, oW] (or unbatched [O, oH, oW]) of `conv2d(x, weight, bias, options)` carried back
 * to x [N, C, H, W] (or [C, H, W]), `inputSize` being x's [H, W]: a transposed convolution.
 */
export function conv2dBackwardInput(
  gradOutput: Tensor,
  weight: Tensor,
  inputSize: readonly number[],
  options: Conv2dGradOptions = {},
): Tensor {
  const op = 'conv2dBackwardInput';
  expectTensor(op, 'gradOutput', gradOutput);
  expectTensor(op, 'weight', weight);
  const params = {
    ...gradParamsOf(op, options, kernelOf(op, weight)),
    inputSize: pairOf(op, 'inputSize', inputSize),
  };
  return bind1(convPrimitives.conv2dBackwardInput, [gradOutput, weight], params);
}

/**
 * The gradient of conv2d's weight (torch.nn.grad.conv2d_weight, the second output of ATen's convolution_backward):
 * the gradient `gradOutput` [N, O, oH, oW] (or unbatched [O, oH, oW]) of `conv2d(input, weight, bias, options)`
 * carried back to the weight [O, C/groups, kH, kW], `kernelSize` being its [kH, kW].
 */
export function conv2dBackwardWeight(
  gradOutput: Tensor,
  input: Tensor,
  kernelSize: readonly number[],
  options: Conv2dGradOptions = {},
): Tensor {
  const op = 'conv2dBackwardWeight';
  expectTensor(op, 'gradOutput', gradOutput);
  expectTensor(op, 'input', input);
  const kernel = pairOf(op, 'kernelSize', kernelSize);
  const params = { ...gradParamsOf(op, options, () => kernel), kernelSize: kernel };
  return bind1(convPrimitives.conv2dBackwardWeight, [gradOutput, input], params);
}
