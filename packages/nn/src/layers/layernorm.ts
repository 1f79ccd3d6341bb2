// LayerNorm: each sample normalised over its trailing `normalizedShape` dims, with elementwise weight and bias.
// Mirrors torch/nn/modules/normalization.py.
import {
  ArgumentTypeError,
  describeValue,
  expectBoolean,
  expectInteger,
  expectNumber,
  expectOptions,
  layerNorm,
  ones,
  type Tensor,
  zeros,
} from '@bn/tensor';
import { expectInput } from '../arguments.js';
import { Module } from '../module.js';
import { py, pyFloat } from '../repr.js';

export interface LayerNormOptions {
  eps?: number;
  /** Learnable elementwise weight (ones) and bias (zeros) of shape `normalizedShape`. */
  elementwiseAffine?: boolean;
}

export class LayerNorm extends Module {
  static override readonly moduleName: string = 'LayerNorm';
  readonly normalizedShape: readonly number[];
  eps: number;
  readonly elementwiseAffine: boolean;
  declare weight: Tensor | null;
  declare bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape)) {
      throw new ArgumentTypeError(
        `LayerNorm(): argument 'normalizedShape' must be an integer or an array of integers, but got ${describeValue(shape)}`,
      );
    }
    const name = (i: number) =>
      typeof normalizedShape === 'number' ? 'normalizedShape' : `normalizedShape[${i}]`;
    shape.forEach((size, i) => {
      expectInteger('LayerNorm', name(i), size, 0);
    });
    expectOptions('LayerNorm', 'options', options);
    const { eps = 1e-5, elementwiseAffine = true } = options;
    expectNumber('LayerNorm', 'eps', eps);
    expectBoolean('LayerNorm', 'elementwiseAffine', elementwiseAffine);
    this.normalizedShape = [...shape];
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    this.registerParameter('weight', elementwiseAffine ? ones(shape) : null);
    this.registerParameter('bias', elementwiseAffine ? zeros(shape) : null);
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return layerNorm(x, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${py(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${py(this.elementwiseAffine)}`;
  }
}
