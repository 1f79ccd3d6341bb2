// Adam with AMSGrad, weight decay and maximize: torch.optim.Adam (torch/optim/adam.py, `_single_tensor_adam`), its
// update rule (shared with AdamW, whose weight decay is decoupled) and its two faces.
import {
  ArgumentTypeError,
  describeValue,
  div,
  expectBoolean,
  expectNumber,
  maximum,
  sub,
  type Tensor,
  ValueError,
} from '@bn/tensor';
import { type FunctionalOptimizer, functional } from './functional.js';
import { Optimizer, type ParamsInput } from './optimizer.js';
import type { Defaults, Update, UpdateRule } from './rule.js';

export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates of the running averages of the gradient and of its square (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** Weight decay: an L2 penalty added to the gradient for Adam (default 0), decoupled for AdamW (default 1e-2). */
  weightDecay?: number;
  /** The AMSGrad variant: normalise by the largest second moment so far (default false). */
  amsgrad?: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize?: boolean;
}

/** Adam's (and AdamW's) hyperparameters, all set. */
export type AdamHyperparameters = Required<AdamOptions>;

/** A parameter's Adam state: step count, first and second moments and, with AMSGrad, the largest second moment. */
export interface AdamState {
  step: Tensor;
  expAvg?: Tensor;
  expAvgSq?: Tensor;
  maxExpAvgSq?: Tensor;
  [buffer: string]: Tensor | undefined;
}

/**
 * The rule of Adam (`decoupled` false: the decay joins the gradient) or AdamW (`decoupled` true: the parameter
 * shrinks by `lr * weightDecay` first), whose only other difference is the default weight decay.
 */
export function makeAdamRule(
  name: string,
  decoupled: boolean,
  defaultWeightDecay: number,
): UpdateRule<AdamHyperparameters, AdamState> {
  return {
    name,
    withDefaults: ({
      lr = 1e-3,
      betas = [0.9, 0.999],
      eps = 1e-8,
      weightDecay = defaultWeightDecay,
      amsgrad = false,
      maximize = false,
    }) => ({ lr, betas, eps, weightDecay, amsgrad, maximize }),
    check: (options) => checkAdam(name, options),
    buffers: ({ amsgrad }) => (amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq']),
    update(param, grad, state, { lr, betas: [beta1, beta2], eps, weightDecay, amsgrad, maximize }) {
      const step = state.step.add(1);
      let g = maximize ? grad.neg() : grad;
      let p = param;
      if (decoupled) p = param.mul(1 - lr * weightDecay);
      else if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
      const expAvg = state.expAvg!.mul(beta1).add(g.mul(1 - beta1));
      const expAvgSq = state.expAvgSq!.mul(beta2).add(g.mul(1 - beta2).mul(g));
      const stepSize = div(lr, biasCorrection(beta1, step));
      const biasCorrection2Sqrt = biasCorrection(beta2, step).sqrt();
      const next: AdamState = { step, expAvg, expAvgSq };
      // AMSGrad keeps the largest second moment (from the current one when AMSGrad was turned on later)
      if (amsgrad) next.maxExpAvgSq = maximum(state.maxExpAvgSq ?? expAvgSq, expAvgSq);
      const denom = (next.maxExpAvgSq ?? expAvgSq).sqrt().div(biasCorrection2Sqrt).add(eps);
      return { param: p.sub(expAvg.mul(stepSize).div(denom)), state: next } satisfies Update<AdamState>;
    },
  };
}

/**
 * `1 - beta ** step` for a step count held in a tensor (so vmap can batch it, as torch's capturable form does).
 * Formed directly in float32, `beta ** step` near 1 would lose the few digits the difference keeps (0.999 is not a
 * float32: 1 - 0.999 would be off by 1e-5), where torch 1.13 computes it in double. So it is taken as
 * `-expm1(step * ln(beta))` with `ln(beta)` in double and `expm1(y) = 2 tanh(y/2) / (1 - tanh(y/2))`: no cancellation,
 * float32 rounding only (`beta = 0` gives 1, as `0 ** step` does).
 */
function biasCorrection(beta: number, step: Tensor): Tensor {
  const half = step.mul(Math.log(beta) / 2).tanh();
  return half.mul(-2).div(sub(1, half));
}

/** PyTorch's checks of Adam's and AdamW's arguments. */
function checkAdam(
  name: string,
  { lr, betas, eps, weightDecay, amsgrad, maximize }: Defaults<AdamHyperparameters>,
): void {
  expectNumber(name, 'lr', lr);
  if (!Array.isArray(betas) || betas.length !== 2 || betas.some((b) => typeof b !== 'number')) {
    throw new ArgumentTypeError(
      `${name}(): argument 'betas' must be an array of two numbers, but got ${describeValue(betas)}`,
    );
  }
  expectNumber(name, 'eps', eps);
  expectNumber(name, 'weightDecay', weightDecay);
  expectBoolean(name, 'amsgrad', amsgrad);
  expectBoolean(name, 'maximize', maximize);
  if (!(0 <= lr)) throw new ValueError(`Invalid learning rate: ${lr}`);
  if (!(0 <= eps)) throw new ValueError(`Invalid epsilon value: ${eps}`);
  betas.forEach((beta, i) => {
    if (!(0 <= beta && beta < 1)) throw new ValueError(`Invalid beta parameter at index ${i}: ${beta}`);
  });
  if (!(0 <= weightDecay)) throw new ValueError(`Invalid weight_decay value: ${weightDecay}`);
}

export const adamRule = makeAdamRule('Adam', false, 0);

/** Adam as a pure `{ init, update }` pair over a tree of parameters, which `vmap` can batch. */
export function adam(options: AdamOptions = {}): FunctionalOptimizer<AdamState> {
  return functional(adamRule, options);
}

/** `torch.optim.Adam` over parameters that `step(grads)` updates in place. */
export class Adam extends Optimizer<AdamHyperparameters, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    super(adamRule, params, options);
  }
}
