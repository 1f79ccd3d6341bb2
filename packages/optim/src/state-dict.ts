// An optimizer's state dict in torch.optim's layout: `state` keyed by each parameter's index (its position across
// the groups, in order) and `paramGroups` holding each group's options with its parameters' indices. Reading one
// back checks all of it first (torch.optim.Optimizer.load_state_dict's checks and their wording, then the options
// and every state tensor), so a bad dict throws before anything changes.
import { expectDict, expectNumber, type Tensor, ValueError } from '@bn/tensor';
import { expectParamState } from './align.js';
import { optionNames, unknownKey } from './options.js';
import type { Hyperparameters, ParamState, UpdateRule } from './rule.js';

/** A parameter group: its parameters and options (`initialLr` is set by a learning-rate scheduler). */
export type ParamGroup<H extends Hyperparameters> = H & { params: Tensor[]; initialLr?: number };

/** A saved parameter group: its options, and its parameters as indices. */
export type SavedParamGroup<H extends Hyperparameters> = H & { params: number[]; initialLr?: number };

export interface OptimizerStateDict<H extends Hyperparameters, S extends ParamState> {
  /** Each parameter's state, keyed by its index (parameters no step has touched have none). */
  state: Record<number, S>;
  paramGroups: SavedParamGroup<H>[];
}

/** A group's options (`params` left out), arrays copied so the copy shares nothing with the group. */
export function groupOptions<H extends Hyperparameters>({
  params: _,
  ...options
}: ParamGroup<H> | SavedParamGroup<H>) {
  return Object.fromEntries(
    Object.entries(options).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]),
  ) as Omit<H, 'params'> & { initialLr?: number };
}

function expectNoUnknownEntry(op: string, dict: object, known: readonly string[], what: string): void {
  const key = unknownKey(dict, known);
  if (key !== undefined) throw new ValueError(`${op}(): ${what} has an unknown entry '${key}'`);
}

/** What a valid state dict loads into an optimizer with `groups`: each group's options and the per-tensor state. */
export interface LoadedState<H extends Hyperparameters, S extends ParamState> {
  options: (H & { initialLr?: number })[];
  state: Map<Tensor, S>;
}

/** Checks `stateDict` against the optimizer's `groups` and reads it (state tensors cloned), or throws. */
export function readStateDict<H extends Hyperparameters, S extends ParamState>(
  rule: UpdateRule<H, S>,
  groups: readonly ParamGroup<H>[],
  stateDict: unknown,
): LoadedState<H, S> {
  const op = `${rule.name}.loadStateDict`;
  expectDict(op, 'stateDict', stateDict, 'state and paramGroups');
  expectNoUnknownEntry(op, stateDict, ['state', 'paramGroups'], 'loaded state dict');
  const { state, paramGroups: saved } = stateDict;
  expectDict(op, 'stateDict.state', state, 'parameter states');
  if (!Array.isArray(saved) || saved.length !== groups.length) {
    throw new ValueError('loaded state dict has a different number of parameter groups');
  }
  const names = optionNames(rule as never);
  const options = saved.map((g: unknown, i) => {
    expectDict(op, `stateDict.paramGroups[${i}]`, g, 'options and params');
    if (!Array.isArray(g.params) || g.params.length !== groups[i]!.params.length) {
      throw new ValueError(
        "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
      );
    }
    expectNoUnknownEntry(op, g, [...names, 'params', 'initialLr'], `loaded state dict's paramGroups[${i}]`);
    const missing = names.find((k) => g[k] === undefined);
    if (missing !== undefined) {
      throw new ValueError(`${op}(): loaded state dict's paramGroups[${i}] has no '${missing}'`);
    }
    if (g.initialLr !== undefined) expectNumber(op, `paramGroups[${i}].initialLr`, g.initialLr);
    rule.check(g as never);
    return groupOptions(g as unknown as SavedParamGroup<H>) as H & { initialLr?: number };
  });
  // saved indices map, in order, onto the optimizer's parameters (torch's id_map)
  const byIndex = new Map<number, { param: Tensor; hyper: H }>();
  saved.forEach((g: { params: unknown[] }, i) => {
    g.params.forEach((index, j) => {
      if (!Number.isInteger(index) || byIndex.has(index as number)) {
        throw new ValueError(
          `${op}(): paramGroups[${i}].params[${j}] must be a parameter index listed once, but got ${String(index)}`,
        );
      }
      byIndex.set(index as number, { param: groups[i]!.params[j]!, hyper: options[i]! });
    });
  });
  const loaded = new Map<Tensor, S>();
  for (const [key, value] of Object.entries(state)) {
    const target = /^(0|[1-9]\d*)$/.test(key) ? byIndex.get(Number(key)) : undefined;
    if (target === undefined) {
      throw new ValueError(
        `${op}(): loaded state dict has a state for parameter ${key}, which no group lists`,
      );
    }
    expectParamState(op, `state.${key}`, target.param, value, rule.buffers(target.hyper));
    const tensors = Object.entries(value as S).map(([k, t]) => [k, (t as Tensor).clone()]);
    loaded.set(target.param, Object.fromEntries(tensors) as S);
  }
  return { options, state: loaded };
}
