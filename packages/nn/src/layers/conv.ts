// Conv2d: a learnable 2-D convolution over @bn/tensor's conv2d, with PyTorch 1.13's constructor checks, padding
// modes (F.pad then an unpadded conv), default initialisation and repr. Mirrors torch/nn/modules/conv.py.
import {
  type Conv2dOptions as Conv2dFunctionalOptions,
  conv2d,
  expectBoolean,
  expectInteger,
  expectOptions,
  pad,
  type Tensor,
  ValueError,
  zeros,
} from '@bn/tensor';
import { expectInput, expectIntOrPair } from '../arguments.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { py } from '../repr.js';

/** How the border is padded: with zeros, or by F.pad's reflect/replicate/circular modes. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export interface Conv2dOptions extends Conv2dFunctionalOptions {
  /** Learnable bias [outChannels]. */
  bias?: boolean;
  paddingMode?: PaddingMode;
}

type Pair = [number, number];

// PyTorch lists these sets in its messages; the order here is the order of its source
const PADDING_STRINGS = ['same', 'valid'];
const PADDING_MODES = ['zeros', 'reflect', 'replicate', 'circular'];

/** The size `arg` (an integer or a list of one or two, each at least `min`) as [height, width] (PyTorch's `_pair`). */
function pair(arg: string, v: unknown, min: number): Pair {
  expectIntOrPair('Conv2d', arg, v, min);
  if (typeof v === 'number') return [v, v];
  return [v[0]!, v.at(-1)!];
}

function setRepr(values: readonly string[]): string {
  return `{${values.map((v) => `'${v}'`).join(', ')}}`;
}

export class Conv2d extends Module {
  static override readonly moduleName: string = 'Conv2d';
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair | 'same' | 'valid';
  readonly dilation: Pair;
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  /** F.pad's list (last dim first) for the non-zeros padding modes (torch's `_reversed_padding_repeated_twice`). */
  readonly #reversedPaddingRepeatedTwice: number[];
  declare weight: Tensor;
  declare bias: Tensor | null;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | readonly number[],
    options: Conv2dOptions = {},
  ) {
    super();
    expectInteger('Conv2d', 'inChannels', inChannels, 1);
    expectInteger('Conv2d', 'outChannels', outChannels, 1);
    const kernel = pair('kernelSize', kernelSize, 1);
    expectOptions('Conv2d', 'options', options);
    const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = 'zeros' } = options;
    const strides = pair('stride', stride, 1);
    const dilations = pair('dilation', dilation, 1);
    expectInteger('Conv2d', 'groups', groups);
    expectBoolean('Conv2d', 'bias', bias);
    if (groups <= 0) throw new ValueError('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new ValueError('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new ValueError('out_channels must be divisible by groups');
    if (typeof padding === 'string') {
      if (!PADDING_STRINGS.includes(padding)) {
        throw new ValueError(
          `Invalid padding string '${padding}', should be one of ${setRepr(PADDING_STRINGS)}`,
        );
      }
      if (padding === 'same' && strides.some((s) => s !== 1)) {
        throw new ValueError("padding='same' is not supported for strided convolutions");
      }
    }
    if (!PADDING_MODES.includes(paddingMode)) {
      throw new ValueError(
        `padding_mode must be one of ${setRepr(PADDING_MODES)}, but got padding_mode='${paddingMode}'`,
      );
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernel;
    this.stride = strides;
    this.padding = typeof padding === 'string' ? padding : pair('padding', padding, 0);
    this.dilation = dilations;
    this.groups = groups;
    this.paddingMode = paddingMode;
    this.#reversedPaddingRepeatedTwice = reversedPadding(this.padding, kernel, dilations);
    this.registerParameter('weight', zeros([outChannels, inChannels / groups, ...kernel]));
    this.registerParameter('bias', bias ? zeros([outChannels]) : null);
    this.resetParameters();
  }

  /**
   * PyTorch's default initialisation, from the default generator: weight ~ kaiming_uniform(a=sqrt(5)), i.e.
   * U(-1/sqrt(fanIn), 1/sqrt(fanIn)), and bias ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn)) when fanIn > 0.
   */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias === null) return;
    const [fanIn] = calculateFanInAndFanOut(this.weight);
    if (fanIn !== 0) {
      const bound = 1 / Math.sqrt(fanIn);
      uniform_(this.bias, -bound, bound);
    }
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    const options = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode !== 'zeros') {
      const padded = pad(x, this.#reversedPaddingRepeatedTwice, { mode: this.paddingMode });
      return conv2d(padded, this.weight, this.bias, { ...options, padding: 0 });
    }
    return conv2d(x, this.weight, this.bias, { ...options, padding: this.padding });
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${py(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/** The (left, right, top, bottom) padding F.pad applies for `padding`; 'same' puts the odd one at the end. */
function reversedPadding(padding: Pair | 'same' | 'valid', kernel: Pair, dilation: Pair): number[] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    return [1, 0].flatMap((d) => {
      const total = dilation[d]! * (kernel[d]! - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  return [padding[1], padding[1], padding[0], padding[0]];
}
