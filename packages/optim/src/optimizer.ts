// The stateful face of an optimizer (torch/optim/optimizer.py): parameter groups over tensors that `step(grads)`
// updates in place, so a module holding them sees the new values; per-parameter state; state dicts. Each step runs
// the same update rule as the pure face and copies the results into the parameters.
import { copy_, expectDict, type Tensor, treeFlatten } from '@bn/tensor';
import { alignTree, expectGradient, leafPaths } from './align.js';
import { expectKnownOptions, optionNames, resolveDefaults, resolveGroup } from './options.js';
import {
  checkNewEntries,
  entriesOf,
  groupsOf,
  type ParamGroupInput,
  type ParamsInput,
} from './param-groups.js';
import {
  type Defaults,
  type Hyperparameters,
  initialState,
  type ParamState,
  type Update,
  type UpdateRule,
} from './rule.js';
import { groupOptions, type OptimizerStateDict, type ParamGroup, readStateDict } from './state-dict.js';

export type { ParamGroupInput, ParamsInput } from './param-groups.js';
export type { OptimizerStateDict, ParamGroup, SavedParamGroup } from './state-dict.js';

/** The gradients of one step: a dict keyed like the parameters' names, or an array in parameter order. */
export type StepGrads =
  | readonly (Tensor | null | undefined)[]
  | { readonly [name: string]: Tensor | null | undefined };

export abstract class Optimizer<H extends Hyperparameters, S extends ParamState> {
  /** The constructor's options with PyTorch's defaults: what a group takes for the options it does not set. */
  readonly defaults: Defaults<H>;
  /** The parameter groups, in order; their options are writable (a scheduler sets `lr`). */
  readonly paramGroups: ParamGroup<H>[] = [];
  readonly #rule: UpdateRule<H, S>;
  readonly #state = new Map<Tensor, S>();
  /** Every parameter, in order, with its name (null when the parameters came unnamed). */
  readonly #names = new Map<Tensor, string | null>();

  protected constructor(rule: UpdateRule<H, S>, params: ParamsInput<Partial<H>>, options: Partial<H>) {
    this.#rule = rule;
    this.defaults = resolveDefaults(rule, options);
    for (const group of groupsOf(rule.name, params)) this.addParamGroup(group as ParamGroupInput<Partial<H>>);
  }

  /** Each parameter's state (PyTorch's `optimizer.state`); a parameter no step has touched has none. */
  get state(): ReadonlyMap<Tensor, S> {
    return this.#state;
  }

  /**
   * Adds a group of parameters with options of its own over the defaults (fine-tuning a layer with another `lr`).
   * A parameter may belong to one group only.
   */
  addParamGroup(group: ParamGroupInput<Partial<H>>): void {
    const op = `${this.#rule.name}.addParamGroup`;
    expectDict(op, 'paramGroup', group, 'params and options');
    expectKnownOptions(op, group, ['params', ...optionNames(this.#rule as never)]);
    const { params, ...options } = group;
    const entries = entriesOf(op, params);
    checkNewEntries(entries, this.#names);
    const hyper = resolveGroup(this.#rule, this.defaults, options as unknown as Partial<H>);
    for (const [name, p] of entries) this.#names.set(p, name);
    this.paramGroups.push({ ...hyper, params: entries.map(([, p]) => p) });
  }

  /**
   * One optimization step with `grads` (as `grad` returns them: a dict keyed like the parameters' names, or an
   * array in parameter order): every parameter with a gradient is updated in place. A parameter without one (no
   * key, null) is skipped, as PyTorch skips a `grad` of None. Gradients and options are all checked first: a
   * wrong one throws and changes nothing.
   */
  step(grads: StepGrads): void {
    const op = `${this.#rule.name}.step`;
    const gradOf = this.#gradients(op, grads);
    const updates: [Tensor, Update<S>][] = [];
    for (const group of this.paramGroups) {
      this.#rule.check(group);
      for (const p of group.params) {
        const g = gradOf.get(p);
        if (g === undefined) continue;
        const state = this.#state.get(p) ?? initialState(this.#rule, p, group);
        updates.push([p, this.#rule.update(p, g, state, group)]);
      }
    }
    for (const [p, { param, state }] of updates) {
      copy_(p, param);
      this.#state.set(p, state);
    }
  }

  /** Each parameter's gradient from `grads`, checked (a dict needs named parameters). */
  #gradients(op: string, grads: StepGrads): Map<Tensor, Tensor | undefined> {
    const params = [...this.#names.keys()];
    const named = !Array.isArray(grads) && params.every((p) => this.#names.get(p) !== null);
    // unnamed parameters take an array; a dict then fails the alignment, naming what was expected
    const tree = named ? Object.fromEntries(params.map((p) => [this.#names.get(p)!, p])) : params;
    const { leaves, spec } = treeFlatten(tree);
    const paths = leafPaths(spec);
    const aligned = alignTree(op, 'grads', spec, grads, true);
    return new Map(
      (leaves as Tensor[]).map((p, i) => [p, expectGradient(op, paths[i]!, p, aligned[i])] as const),
    );
  }

  /** The optimizer's state in torch.optim's layout, with parameters as indices (tensors not copied). */
  stateDict(): OptimizerStateDict<H, S> {
    const index = new Map([...this.#names.keys()].map((p, i) => [p, i]));
    const state = [...this.#state].map(([p, s]) => [index.get(p)!, { ...s }]);
    return {
      state: Object.fromEntries(state),
      paramGroups: this.paramGroups.map((g) => ({
        ...groupOptions(g),
        params: g.params.map((p) => index.get(p)!),
      })) as OptimizerStateDict<H, S>['paramGroups'],
    };
  }

  /**
   * Loads a state dict from `stateDict()` (of an optimizer over parameters of the same shapes, grouped alike): the
   * groups' options and each parameter's state (copied). A dict that does not fit throws and changes nothing.
   */
  loadStateDict(stateDict: OptimizerStateDict<H, S>): void {
    const { options, state } = readStateDict(this.#rule, this.paramGroups, stateDict);
    this.paramGroups.forEach((group, i) => {
      delete group.initialLr;
      Object.assign(group, options[i]);
    });
    this.#state.clear();
    for (const [p, s] of state) this.#state.set(p, s);
  }
}
