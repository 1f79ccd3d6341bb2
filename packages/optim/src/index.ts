/**
 * Torch.optim for @bn/tensor. SGD, Adam and AdamW as a stateful optimizer over a module's parameters and as a pure
 * init/update core that vmap can batch; learning-rate schedulers; gradient clipping.
 *
 * @module @bn/optim
 */

export {
  Adam,
  type AdamHyperparameters,
  type AdamOptions,
  type AdamState,
  adam,
  adamRule,
} from './adam.js';
export { AdamW, adamw, adamwRule } from './adamw.js';
export { type ClipGradNormOptions, clipGradNorm_ } from './clip-grad.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export {
  type FunctionalOptimizer,
  functional,
  type GradTree,
  type ParamTree,
  type StateOf,
  type StateTree,
} from './functional.js';
export {
  type AnyOptimizer,
  LRScheduler,
  type LRSchedulerOptions,
  type LRSchedulerStateDict,
} from './lr-scheduler.js';
export {
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamsInput,
  type SavedParamGroup,
  type StepGrads,
} from './optimizer.js';
export type { NamedParams, ParamList } from './param-groups.js';
export type { Defaults, Hyperparameters, ParamState, Update, UpdateRule } from './rule.js';
export { SGD, type SGDHyperparameters, type SGDOptions, type SGDState, sgd, sgdRule } from './sgd.js';
export { StepLR, type StepLROptions } from './step-lr.js';
