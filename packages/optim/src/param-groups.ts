// What an optimizer's constructor and `addParamGroup` accept as parameters, read into groups of (name, tensor)
// entries: torch.optim.Optimizer's `params` (tensors or dicts of groups), plus @bn's named forms, the
// `[name, tensor]` pairs `namedParameters()` returns and a dict of named tensors.
import { ArgumentTypeError, describeValue, isPlainObject, Tensor, ValueError } from '@bn/tensor';
import { expectParameter } from './align.js';

/** Named parameters: `module.namedParameters()`'s pairs, or a dict keyed by name. */
export type NamedParams = readonly (readonly [string, Tensor])[] | { readonly [name: string]: Tensor };

/** The parameters of one group: one tensor, tensors in order, or named tensors. */
export type ParamList = Tensor | readonly Tensor[] | NamedParams;

/** A parameter group as given: its parameters and the options it sets over the optimizer's. */
export type ParamGroupInput<O> = O & { params: ParamList };

/** An optimizer's `params`: tensors, named tensors (one group), or parameter groups. */
export type ParamsInput<O> = readonly Tensor[] | NamedParams | readonly ParamGroupInput<O>[];

/** A parameter with the name it was given, or null. */
export type Entry = readonly [name: string | null, param: Tensor];

/** The groups of a constructor's `params`: one group unless it is an array of group dicts. */
export function groupsOf(op: string, params: unknown): Record<string, unknown>[] {
  if (isPlainObject(params)) return [{ params }];
  if (!Array.isArray(params)) {
    throw new ArgumentTypeError(
      `${op}(): params argument given to the optimizer should be an iterable of Tensors or dicts, but got ` +
        describeValue(params),
    );
  }
  if (params.length === 0) throw new ValueError('optimizer got an empty parameter list');
  return isPlainObject(params[0]) ? (params as Record<string, unknown>[]) : [{ params }];
}

/** A group's `params` as entries, each checked (a float32 Tensor; a pair of a string and one). */
export function entriesOf(op: string, list: unknown): Entry[] {
  if (list instanceof Tensor) return [[null, expectParameter(op, '', list)]];
  if (isPlainObject(list))
    return Object.entries(list).map(([name, p]) => [name, expectParameter(op, name, p)]);
  if (!Array.isArray(list)) {
    throw new ArgumentTypeError(
      `${op}(): a parameter group's params must be a Tensor, an array of Tensors or of [name, Tensor] pairs, or a ` +
        `dict of named Tensors, but got ${describeValue(list)}`,
    );
  }
  return list.map((item, i): Entry => {
    if (!Array.isArray(item)) return [null, expectParameter(op, String(i), item)];
    const [name, p] = item as unknown[];
    if (item.length !== 2 || typeof name !== 'string') {
      throw new ArgumentTypeError(
        `${op}(): params[${i}] must be a Tensor or a [name, Tensor] pair, but got an array of ${item.length}`,
      );
    }
    return [name, expectParameter(op, name, p)];
  });
}

/**
 * Checks a new group's entries against each other and the groups already there (`names`: each known parameter's
 * name or null): no parameter twice, in one group or across groups; names on all parameters or on none, each once.
 */
export function checkNewEntries(entries: readonly Entry[], names: ReadonlyMap<Tensor, string | null>): void {
  const params = entries.map(([, p]) => p);
  if (new Set(params).size !== params.length) {
    throw new ValueError('optimizer contains a parameter group with duplicate parameters');
  }
  if (params.some((p) => names.has(p))) {
    throw new ValueError('some parameters appear in more than one parameter group');
  }
  const all = [...names.values(), ...entries.map(([name]) => name)];
  if (all.some((n) => n === null) && all.some((n) => n !== null)) {
    throw new ValueError(
      'optimizer got named and unnamed parameters: give every parameter a name (namedParameters() pairs or a dict) ' +
        'or none',
    );
  }
  const seen = new Set<string>();
  for (const name of all) {
    if (name !== null && seen.has(name)) throw new ValueError(`optimizer got two parameters named '${name}'`);
    if (name !== null) seen.add(name);
  }
}
