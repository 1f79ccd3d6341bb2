// AdamW: Adam with decoupled weight decay (torch/optim/adamw.py, `_single_tensor_adamw`): the parameter shrinks by
// `lr * weightDecay` before Adam's step, and the decay defaults to 1e-2. Its two faces over Adam's rule.
import { type AdamHyperparameters, type AdamOptions, type AdamState, makeAdamRule } from './adam.js';
import { type FunctionalOptimizer, functional } from './functional.js';
import { Optimizer, type ParamsInput } from './optimizer.js';

export const adamwRule = makeAdamRule('AdamW', true, 1e-2);

/** AdamW as a pure `{ init, update }` pair over a tree of parameters, which `vmap` can batch. */
export function adamw(options: AdamOptions = {}): FunctionalOptimizer<AdamState> {
  return functional(adamwRule, options);
}

/** `torch.optim.AdamW` over parameters that `step(grads)` updates in place. */
export class AdamW extends Optimizer<AdamHyperparameters, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    super(adamwRule, params, options);
  }
}
