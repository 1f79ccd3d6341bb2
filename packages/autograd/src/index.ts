/**
 * Functorch-style grad and vjp over @bn/tensor, a second interpreter on the stack that composes with @bn/vmap,
 * through BatchNorm.
 *
 * @module @bn/autograd
 */

export { backward } from './backward.js';
export { type GradOptions, grad, gradAndValue, type VjpOptions, vjp } from './grad.js';
export { GradInterpreter } from './interpreter.js';
export {
  hessian,
  type JacobianFn,
  type JacobianOptions,
  type JacrevOptions,
  jacfwd,
  jacrev,
} from './jacobian.js';
export { jvp } from './jvp.js';
export { noGrad } from './no-grad.js';
export {
  type BackwardRule,
  type FamilyVjps,
  NON_DIFFERENTIABLE,
  type Saves,
  type VjpContext,
  type VjpRule,
  type VjpTable,
} from './rule.js';
export { vjpRules } from './rules/index.js';
export type {
  ArgnumsOf,
  AuxOf,
  Cotangents,
  JacobianOf,
  NoOptions,
  OutputOf,
  Selected,
  WithAux,
} from './types.js';
