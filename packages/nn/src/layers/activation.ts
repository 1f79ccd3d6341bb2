// Activation layers over @bn/tensor's elementwise ops and softmax: ReLU, SiLU, Sigmoid, Tanh, GELU, Softmax.
// Mirrors torch/nn/modules/activation.py.
import {
  clamp_,
  copy_,
  type GeluOptions,
  gelu,
  relu,
  sigmoid,
  silu,
  softmax,
  type Tensor,
  tanh,
} from '@bn/tensor';
import { Module } from '../module.js';
import { py } from '../repr.js';

export interface InplaceOptions {
  /** Write the result into the input and return the input, as PyTorch's in-place variants. */
  inplace?: boolean;
}

/** An activation that can write its result into its input (`inplace`), as ReLU and SiLU can in PyTorch. */
abstract class InplaceActivation extends Module {
  readonly inplace: boolean;

  constructor({ inplace = false }: InplaceOptions = {}) {
    super();
    this.inplace = inplace;
  }

  protected abstract activation(x: Tensor): Tensor;

  /** Writes the activation of `x` into `x` and returns it: by default computed aside, then copied in. */
  protected activationInPlace(x: Tensor): Tensor {
    return copy_(x, this.activation(x));
  }

  forward(x: Tensor): Tensor {
    return this.inplace ? this.activationInPlace(x) : this.activation(x);
  }

  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class ReLU extends InplaceActivation {
  protected activation(x: Tensor): Tensor {
    return relu(x);
  }

  /** One pass, no temporary: torch.relu_ is clamp_min_(x, 0). */
  protected override activationInPlace(x: Tensor): Tensor {
    return clamp_(x, 0);
  }
}

export class SiLU extends InplaceActivation {
  protected activation(x: Tensor): Tensor {
    return silu(x);
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class GELU extends Module {
  readonly approximate: NonNullable<GeluOptions['approximate']>;

  constructor({ approximate = 'none' }: GeluOptions = {}) {
    super();
    this.approximate = approximate;
  }

  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }

  override extraRepr(): string {
    return `approximate=${py(this.approximate)}`;
  }
}

/**
 * Softmax along `dim`. The dim is required: PyTorch's `dim=None` (an implicit, deprecated choice of dim by the
 * input's rank) is not supported.
 */
export class Softmax extends Module {
  readonly dim: number;

  constructor(dim: number) {
    super();
    if (!Number.isInteger(dim)) {
      throw new TypeError(
        `Softmax: expected dim to be an integer, but got ${String(dim)} (the implicit dim=None of PyTorch is deprecated and not supported)`,
      );
    }
    this.dim = dim;
  }

  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
