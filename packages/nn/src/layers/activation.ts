// Activation layers over @bn/tensor's elementwise ops and softmax: ReLU, SiLU, Sigmoid, Tanh, GELU, Softmax.
// Mirrors torch/nn/modules/activation.py.
import {
  ArgumentTypeError,
  copy_,
  describeValue,
  expectBoolean,
  expectInteger,
  expectOptions,
  type GeluOptions,
  gelu,
  relu,
  relu_,
  sigmoid,
  silu,
  softmax,
  type Tensor,
  tanh,
  ValueError,
} from '@bn/tensor';
import { expectInput } from '../arguments.js';
import { Module } from '../module.js';
import { moduleName } from '../module-name.js';
import { py } from '../repr.js';

export interface InplaceOptions {
  /** Write the result into the input and return the input, as PyTorch's in-place variants. */
  inplace?: boolean;
}

/** An activation that can write its result into its input (`inplace`), as ReLU and SiLU can in PyTorch. */
abstract class InplaceActivation extends Module {
  readonly inplace: boolean;

  constructor(options: InplaceOptions = {}) {
    super();
    const op = moduleName(new.target);
    expectOptions(op, 'options', options);
    const { inplace = false } = options;
    expectBoolean(op, 'inplace', inplace);
    this.inplace = inplace;
  }

  protected abstract activation(x: Tensor): Tensor;

  /** Writes the activation of `x` into `x` and returns it: by default computed aside, then copied in. */
  protected activationInPlace(x: Tensor): Tensor {
    return copy_(x, this.activation(x));
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return this.inplace ? this.activationInPlace(x) : this.activation(x);
  }

  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

export class ReLU extends InplaceActivation {
  static override readonly moduleName: string = 'ReLU';

  protected activation(x: Tensor): Tensor {
    return relu(x);
  }

  /** One pass, no temporary, and relu's gradient (torch.relu_). */
  protected override activationInPlace(x: Tensor): Tensor {
    return relu_(x);
  }
}

export class SiLU extends InplaceActivation {
  static override readonly moduleName: string = 'SiLU';

  protected activation(x: Tensor): Tensor {
    return silu(x);
  }
}

export class Sigmoid extends Module {
  static override readonly moduleName: string = 'Sigmoid';

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  static override readonly moduleName: string = 'Tanh';

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return tanh(x);
  }
}

export class GELU extends Module {
  static override readonly moduleName: string = 'GELU';
  readonly approximate: NonNullable<GeluOptions['approximate']>;

  constructor(options: GeluOptions = {}) {
    super();
    expectOptions('GELU', 'options', options);
    const { approximate = 'none' } = options;
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ValueError(
        `GELU(): argument 'approximate' must be 'none' or 'tanh', but got ${py(approximate)}`,
      );
    }
    this.approximate = approximate;
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
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
  static override readonly moduleName: string = 'Softmax';
  readonly dim: number;

  constructor(dim: number) {
    super();
    if (dim === undefined || dim === null) {
      throw new ArgumentTypeError(
        `Softmax(): argument 'dim' must be an integer, but got ${describeValue(dim)}: pass the dim to normalise over, ` +
          "e.g. new Softmax(-1) for the last one (PyTorch's implicit dim=None is deprecated and not supported)",
      );
    }
    expectInteger('Softmax', 'dim', dim);
    this.dim = dim;
  }

  forward(x: Tensor): Tensor {
    expectInput(this, x);
    return softmax(x, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
