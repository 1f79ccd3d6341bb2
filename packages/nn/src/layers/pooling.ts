// Pooling layers over @bn/tensor's ops: MaxPool2d, AvgPool2d and AdaptiveAvgPool2d. Sizes are kept as given
// (a number or [h, w]) and printed so, as PyTorch. Mirrors torch/nn/modules/pooling.py.
import {
  type AvgPool2dOptions,
  adaptiveAvgPool2d,
  avgPool2d,
  type IntOrPair,
  type MaxPool2dOptions,
  maxPool2d,
  type Tensor,
} from '@bn/tensor';
import { Module } from '../module.js';
import { py } from '../repr.js';

export type { AvgPool2dOptions, IntOrPair, MaxPool2dOptions };

export class MaxPool2d extends Module {
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly dilation: IntOrPair;
  readonly ceilMode: boolean;

  /** `stride` defaults to `kernelSize` (also when null). */
  constructor(
    kernelSize: IntOrPair,
    { stride = null, padding = 0, dilation = 1, ceilMode = false }: MaxPool2dOptions = {},
  ) {
    super();
    this.kernelSize = kernelSize;
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    this.dilation = dilation;
    this.ceilMode = ceilMode;
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, dilation, ceilMode } = this;
    return maxPool2d(x, this.kernelSize, { stride, padding, dilation, ceilMode });
  }

  override extraRepr(): string {
    return (
      `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}, ` +
      `dilation=${py(this.dilation)}, ceil_mode=${py(this.ceilMode)}`
    );
  }
}

export class AvgPool2d extends Module {
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  /** `stride` defaults to `kernelSize` (also when null). */
  constructor(
    kernelSize: IntOrPair,
    {
      stride = null,
      padding = 0,
      ceilMode = false,
      countIncludePad = true,
      divisorOverride = null,
    }: AvgPool2dOptions = {},
  ) {
    super();
    this.kernelSize = kernelSize;
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
    this.divisorOverride = divisorOverride;
  }

  forward(x: Tensor): Tensor {
    const { stride, padding, ceilMode, countIncludePad, divisorOverride } = this;
    return avgPool2d(x, this.kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride });
  }

  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

/** The output size: one number for both dims, or [h, w] where null keeps that input dim's size. */
export type AdaptiveOutputSize = number | readonly (number | null)[];

export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: AdaptiveOutputSize;

  constructor(outputSize: AdaptiveOutputSize) {
    super();
    this.outputSize = outputSize;
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}
