// The pure face of an optimizer (optax's GradientTransformation, functorch's parallel_train pattern): `init` and
// `update` over a tree of parameters, returning new tensors and never writing any, so `vmap` can batch a whole
// ensemble's training step, optimizer included.
import { type Tensor, treeFlatten, treeUnflatten } from '@bn/tensor';
import { alignTree, expectGradient, expectParameter, expectParamState, leafPaths } from './align.js';
import { resolveDefaults, resolveGroup } from './options.js';
import { type Hyperparameters, initialState, type ParamState, type UpdateRule } from './rule.js';

/** Parameters: a Tensor, or an array or dict of them, nested at will (a dict keyed like `namedParameters`). */
export type ParamTree = Tensor | readonly ParamTree[] | { readonly [key: string]: ParamTree };

/** Gradients shaped like the parameters; a missing entry, null or undefined skips that parameter this step. */
export type GradTree = Tensor | null | undefined | readonly GradTree[] | { readonly [key: string]: GradTree };

/** Optimizer state shaped like the parameters, a `ParamState` record (step count, buffers) in each leaf's place. */
export type StateTree<S extends ParamState> =
  | S
  | readonly StateTree<S>[]
  | { readonly [key: string]: StateTree<S> };

/**
 * The state of the parameters `P`, typed leaf by leaf: `{ w: Tensor }` has the state `{ w: S }`; a tree typed only
 * as `ParamTree` has a `StateTree`.
 */
export type StateOf<P, S extends ParamState> = ParamTree extends P
  ? StateTree<S>
  : P extends Tensor
    ? S
    : { readonly [K in keyof P]: StateOf<P[K], S> };

export interface FunctionalOptimizer<S extends ParamState> {
  /** The state of fresh parameters: step 0 and zero buffers for each, shaped (and typed) like them. */
  init<P extends ParamTree>(params: P): StateOf<P, S>;
  /**
   * One step: the new parameters and state (the inputs are not written). A parameter without a gradient keeps its
   * value and state, as PyTorch skips a parameter whose `grad` is None.
   */
  update<P extends ParamTree>(
    grads: GradTree,
    state: StateTree<S>,
    params: P,
  ): { params: P; state: StateOf<P, S> };
}

/** The leaves of a parameter tree, checked, with its structure and each leaf's path. */
function flattenParams(op: string, params: unknown) {
  const { leaves, spec } = treeFlatten(params);
  const paths = leafPaths(spec);
  return { params: leaves.map((p, i) => expectParameter(op, paths[i]!, p)), spec, paths };
}

/** `rule` with `options` as a pure init/update pair (the options are checked once, here). */
export function functional<H extends Hyperparameters, S extends ParamState>(
  rule: UpdateRule<H, S>,
  options: Partial<H>,
): FunctionalOptimizer<S> {
  const hyper = resolveGroup(rule, resolveDefaults(rule, options), {});
  const op = rule.name.toLowerCase();
  return {
    init<P extends ParamTree>(tree: P) {
      const { params, spec } = flattenParams(`${op}.init`, tree);
      return treeUnflatten(
        params.map((p) => initialState(rule, p, hyper)),
        spec,
      ) as StateOf<P, S>;
    },
    update<P extends ParamTree>(grads: GradTree, state: StateTree<S>, tree: P) {
      const where = `${op}.update`;
      const { params, spec, paths } = flattenParams(where, tree);
      const gs = alignTree(where, 'grads', spec, grads, true).map((g, i) =>
        expectGradient(where, paths[i]!, params[i]!, g),
      );
      const states = alignTree(where, 'state', spec, state, false) as S[];
      states.forEach((s, i) => {
        expectParamState(where, paths[i]!, params[i]!, s, rule.buffers(hyper));
      });
      const steps = params.map((p, i) => {
        const g = gs[i];
        return g === undefined ? { param: p, state: states[i]! } : rule.update(p, g, states[i]!, hyper);
      });
      return {
        params: treeUnflatten(
          steps.map((s) => s.param),
          spec,
        ) as P,
        state: treeUnflatten(
          steps.map((s) => s.state),
          spec,
        ) as StateOf<P, S>,
      };
    },
  };
}
