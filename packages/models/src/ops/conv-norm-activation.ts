// Conv2dNormActivation: a Sequential of Conv2d, an optional norm layer and an optional activation, the unit RegNet is
// built from. Mirrors torchvision/ops/misc.py (ConvNormActivation, Conv2dNormActivation).
import { Conv2d, type Module, type NormLayer, Sequential } from '@bn/nn';
import { batchNorm2d, makeNorm } from '../make-norm.js';
import { type ActivationLayer, relu } from './activation-layer.js';

type Size = number | readonly [number, number];

export interface Conv2dNormActivationOptions {
  kernelSize?: Size;
  stride?: Size;
  /** Default: `(kernelSize - 1) / 2 * dilation` (rounded down), which keeps the size at stride 1. */
  padding?: Size | 'same' | 'valid' | null;
  groups?: number;
  /** null: no norm layer. */
  normLayer?: NormLayer | null;
  /** null: no activation. */
  activationLayer?: ActivationLayer | null;
  dilation?: Size;
  /** Passed to the activation as `{ inplace }`; null passes nothing. */
  inplace?: boolean | null;
  /** Default: a bias only when there is no norm layer. */
  bias?: boolean | null;
}

/** Per dimension `(k - 1) / 2 * d` rounded down, as a number when both sizes are numbers. */
function defaultPadding(kernelSize: Size, dilation: Size): Size {
  if (typeof kernelSize === 'number' && typeof dilation === 'number') {
    return Math.floor((kernelSize - 1) / 2) * dilation;
  }
  const pair = (s: Size) => (typeof s === 'number' ? [s, s] : s);
  const [k, d] = [pair(kernelSize), pair(dilation)];
  return [Math.floor((k[0]! - 1) / 2) * d[0]!, Math.floor((k[1]! - 1) / 2) * d[1]!];
}

export class Conv2dNormActivation extends Sequential {
  static override readonly moduleName: string = 'Conv2dNormActivation';
  readonly outChannels: number;

  constructor(
    inChannels: number,
    outChannels: number,
    {
      kernelSize = 3,
      stride = 1,
      padding = null,
      groups = 1,
      normLayer = batchNorm2d,
      activationLayer = relu,
      dilation = 1,
      inplace = true,
      bias = null,
    }: Conv2dNormActivationOptions = {},
  ) {
    const layers: Module[] = [
      new Conv2d(inChannels, outChannels, kernelSize, {
        stride,
        padding: padding ?? defaultPadding(kernelSize, dilation),
        dilation,
        groups,
        bias: bias ?? normLayer === null,
      }),
    ];
    if (normLayer !== null) layers.push(makeNorm(normLayer, outChannels, String(layers.length)));
    if (activationLayer !== null) layers.push(activationLayer(inplace === null ? {} : { inplace }));
    super(...layers);
    this.outChannels = outChannels;
  }
}
