// Pooling layers over @bn/tensor's ops: MaxPool2d, AvgPool2d and AdaptiveAvgPool2d. Sizes are kept as given
// (a number or [h, w]) and printed so, as PyTorch. Mirrors torch/nn/modules/pooling.py.
import {
  ArgumentTypeError,
  type AvgPool2dOptions,
  adaptiveAvgPool2d,
  avgPool2d,
  describeValue,
  expectBoolean,
  expectInteger,
  expectOptions,
  type IntOrPair,
  type MaxPool2dOptions,
  maxPool2d,
  type Tensor,
  ValueError,
} from '@bn/tensor';
import { expectInput, expectIntOrPair } from '../arguments.js';
import { Module } from '../module.js';
import { py } from '../repr.js';

export type { AvgPool2dOptions, IntOrPair, MaxPool2dOptions };

/** The window a pool is built with: kernel and stride at least 1 (a null stride is the kernel's), padding at least 0. */
function expectWindow(op: string, kernelSize: unknown, stride: unknown, padding: unknown): void {
  expectIntOrPair(op, 'kernelSize', kernelSize, 1);
  if (stride !== null) expectIntOrPair(op, 'stride', stride, 1);
  expectIntOrPair(op, 'padding', padding, 0);
}

export class MaxPool2d extends Module {
  static override readonly moduleName: string = 'MaxPool2d';
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly dilation: IntOrPair;
  readonly ceilMode: boolean;

  /** `stride` defaults to `kernelSize` (also when null). */
  constructor(kernelSize: IntOrPair, options: MaxPool2dOptions = {}) {
    super();
    expectOptions('MaxPool2d', 'options', options);
    const { stride = null, padding = 0, dilation = 1, ceilMode = false } = options;
    expectWindow('MaxPool2d', kernelSize, stride, padding);
    expectIntOrPair('MaxPool2d', 'dilation', dilation, 1);
    expectBoolean('MaxPool2d', 'ceilMode', ceilMode);
    this.kernelSize = kernelSize;
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    this.dilation = dilation;
    this.ceilMode = ceilMode;
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
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
  static override readonly moduleName: string = 'AvgPool2d';
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  /** `stride` defaults to `kernelSize` (also when null). */
  constructor(kernelSize: IntOrPair, options: AvgPool2dOptions = {}) {
    super();
    expectOptions('AvgPool2d', 'options', options);
    const {
      stride = null,
      padding = 0,
      ceilMode = false,
      countIncludePad = true,
      divisorOverride = null,
    } = options;
    expectWindow('AvgPool2d', kernelSize, stride, padding);
    expectBoolean('AvgPool2d', 'ceilMode', ceilMode);
    expectBoolean('AvgPool2d', 'countIncludePad', countIncludePad);
    if (divisorOverride !== null) expectInteger('AvgPool2d', 'divisorOverride', divisorOverride);
    this.kernelSize = kernelSize;
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
    this.divisorOverride = divisorOverride;
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    const { stride, padding, ceilMode, countIncludePad, divisorOverride } = this;
    return avgPool2d(x, this.kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride });
  }

  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

/** The output size: one number for both dims, or [h, w] where null keeps that input dim's size. */
export type AdaptiveOutputSize = number | readonly (number | null)[];

/** An adaptive pool's output size: an integer, or two, each at least 0 or null. */
function expectOutputSize(size: unknown): asserts size is AdaptiveOutputSize {
  const [op, arg, expected] = [
    'AdaptiveAvgPool2d',
    'outputSize',
    'an integer or a list of 2 integers or nulls',
  ];
  if (typeof size === 'number') {
    expectInteger(op, arg, size, 0);
    return;
  }
  if (!Array.isArray(size)) {
    throw new ArgumentTypeError(
      `${op}(): argument '${arg}' must be ${expected}, but got ${describeValue(size)}`,
    );
  }
  if (size.length !== 2) {
    throw new ValueError(`${op}(): argument '${arg}' must be ${expected}, but got [${size.join(', ')}]`);
  }
  size.forEach((s, i) => {
    if (s !== null) expectInteger(op, `${arg}[${i}]`, s, 0);
  });
}

export class AdaptiveAvgPool2d extends Module {
  static override readonly moduleName: string = 'AdaptiveAvgPool2d';
  readonly outputSize: AdaptiveOutputSize;

  constructor(outputSize: AdaptiveOutputSize) {
    super();
    expectOutputSize(outputSize);
    this.outputSize = outputSize;
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}
