// Stochastic gradient descent with momentum, dampening, Nesterov momentum, weight decay and maximize: torch.optim.SGD
// (torch/optim/sgd.py, `_single_tensor_sgd`), its update rule and its two faces.
import { expectBoolean, expectNumber, type Tensor, ValueError, where } from '@bn/tensor';
import { type FunctionalOptimizer, functional } from './functional.js';
import { Optimizer, type ParamsInput } from './optimizer.js';
import type { Defaults, Update, UpdateRule } from './rule.js';

export interface SGDOptions {
  /** Learning rate. Required, as in PyTorch: here or in every parameter group. */
  lr?: number;
  /** Momentum factor (default 0: plain gradient descent). */
  momentum?: number;
  /** Dampening of the gradient's share in the momentum buffer (default 0). */
  dampening?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (default false); needs a momentum and zero dampening. */
  nesterov?: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize?: boolean;
}

/** SGD's hyperparameters, all set. */
export type SGDHyperparameters = Required<SGDOptions>;

/** A parameter's SGD state: the step count and, with momentum, the momentum buffer. */
export interface SGDState {
  step: Tensor;
  momentumBuffer?: Tensor;
  [buffer: string]: Tensor | undefined;
}

export const sgdRule: UpdateRule<SGDHyperparameters, SGDState> = {
  name: 'SGD',
  withDefaults: ({
    lr,
    momentum = 0,
    dampening = 0,
    weightDecay = 0,
    nesterov = false,
    maximize = false,
  }) => ({ lr, momentum, dampening, weightDecay, nesterov, maximize }),
  check({ lr, momentum, dampening, weightDecay, nesterov, maximize }: Defaults<SGDHyperparameters>) {
    if (lr !== undefined) expectNumber('SGD', 'lr', lr);
    expectNumber('SGD', 'momentum', momentum);
    expectNumber('SGD', 'dampening', dampening);
    expectNumber('SGD', 'weightDecay', weightDecay);
    expectBoolean('SGD', 'nesterov', nesterov);
    expectBoolean('SGD', 'maximize', maximize);
    if (lr !== undefined && lr < 0) throw new ValueError(`Invalid learning rate: ${lr}`);
    if (momentum < 0) throw new ValueError(`Invalid momentum value: ${momentum}`);
    if (weightDecay < 0) throw new ValueError(`Invalid weight_decay value: ${weightDecay}`);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
    }
  },
  buffers: ({ momentum }) => (momentum === 0 ? [] : ['momentumBuffer']),
  update(param, grad, state, { lr, momentum, dampening, weightDecay, nesterov, maximize }): Update<SGDState> {
    const step = state.step.add(1);
    let d = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) d = d.add(param.mul(weightDecay));
    if (momentum === 0) return { param: param.sub(d.mul(lr)), state: { step } };
    // the buffer starts as the first gradient (PyTorch's `buf is None`, also when momentum was turned on later)
    const previous = state.momentumBuffer;
    const buffer =
      previous === undefined
        ? d
        : where(state.step.eq(0), d, previous.mul(momentum).add(d.mul(1 - dampening)));
    d = nesterov ? d.add(buffer.mul(momentum)) : buffer;
    return { param: param.sub(d.mul(lr)), state: { step, momentumBuffer: buffer } };
  },
};

/**
 * SGD as a pure `{ init, update }` pair over a tree of parameters (a dict keyed like `namedParameters`), which
 * `vmap` can batch. `lr` is required.
 */
export function sgd(options: SGDOptions): FunctionalOptimizer<SGDState> {
  return functional(sgdRule, options);
}

/**
 * `torch.optim.SGD` over parameters that `step(grads)` updates in place:
 * `new SGD(net.namedParameters(), { lr: 0.1, momentum: 0.9 })`.
 */
export class SGD extends Optimizer<SGDHyperparameters, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, options: SGDOptions = {}) {
    super(sgdRule, params, options);
  }
}
