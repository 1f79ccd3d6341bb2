// LayerNorm: each sample normalised over its trailing `normalizedShape` dims, with elementwise weight and bias.
// Mirrors torch/nn/modules/normalization.py.
import { layerNorm, ones, type Tensor, ValueError, zeros } from '@bn/tensor';
import { Module } from '../module.js';
import { py, pyFloat } from '../repr.js';

export interface LayerNormOptions {
  eps?: number;
  /** Learnable elementwise weight (ones) and bias (zeros) of shape `normalizedShape`. */
  elementwiseAffine?: boolean;
}

export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  eps: number;
  readonly elementwiseAffine: boolean;
  declare weight: Tensor | null;
  declare bias: Tensor | null;

  constructor(
    normalizedShape: number | readonly number[],
    { eps = 1e-5, elementwiseAffine = true }: LayerNormOptions = {},
  ) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (!shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new ValueError(
        `LayerNorm: expected normalized_shape to be a non-negative integer or a list of them, but got [${shape.join(', ')}]`,
      );
    }
    this.normalizedShape = shape;
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    this.registerParameter('weight', elementwiseAffine ? ones(shape) : null);
    this.registerParameter('bias', elementwiseAffine ? zeros(shape) : null);
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${py(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${py(this.elementwiseAffine)}`;
  }
}
