// An optimizer's update rule: the one implementation behind both faces, the pure init/update core (functional.ts)
// and the stateful optimizer (optimizer.ts). It mirrors the loop body of torch.optim's `_single_tensor_<name>`,
// written with @bn/tensor ops that return new tensors, so it can run under vmap and grad.
import { scalar, type Tensor, zerosLike } from '@bn/tensor';

/** Hyperparameters every rule has (a parameter group's options; `lr` is what schedulers change). */
export interface Hyperparameters {
  lr: number;
}

/** A rule's options as its constructor resolves them: everything set, but `lr` may still come from each group. */
export type Defaults<H extends Hyperparameters> = Omit<H, 'lr'> & { lr: number | undefined };

/** One parameter's state: a 0-d float32 `step` (the count of updates, as torch 1.13 keeps it) and buffers. */
export interface ParamState {
  step: Tensor;
  [buffer: string]: Tensor | undefined;
}

/** What one update gives: the new parameter value and the new state (the inputs are left untouched). */
export interface Update<S extends ParamState> {
  param: Tensor;
  state: S;
}

export interface UpdateRule<H extends Hyperparameters, S extends ParamState> {
  /** The optimizer's name, as error messages quote it ('SGD'). */
  readonly name: string;
  /** The options with PyTorch's defaults filled in (the defaults live in this function's signature). */
  withDefaults(options: Partial<H>): Defaults<H>;
  /** PyTorch's constructor checks (and that each option has the right type); `lr` is skipped while undefined. */
  check(options: Defaults<H>): void;
  /** The names of the buffers a parameter's state holds besides `step` (each of the parameter's shape). */
  buffers(hyper: H): readonly string[];
  /** One step of one parameter with gradient `grad`. */
  update(param: Tensor, grad: Tensor, state: S, hyper: H): Update<S>;
}

/** The state of a parameter no step has touched yet: step 0 and zero buffers. */
export function initialState<H extends Hyperparameters, S extends ParamState>(
  rule: UpdateRule<H, S>,
  param: Tensor,
  hyper: H,
): S {
  const buffers = rule.buffers(hyper).map((name) => [name, zerosLike(param)]);
  return { step: scalar(0), ...Object.fromEntries(buffers) } as S;
}
