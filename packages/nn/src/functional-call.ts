// torch.func.functional_call: run a module with its parameters and buffers temporarily replaced by the tensors of
// a dict (or of several), restoring them afterwards. In-place updates (BatchNorm's running stats) land in the
// tensors passed in, and tensors reassigned by the forward are written back into the dict.
// Mirrors torch/_functorch/functional_call.py and torch/nn/utils/stateless.py.
import {
  ArgumentTypeError,
  expectBoolean,
  expectDict,
  expectOptions,
  expectSyncFunction,
  RuntimeError,
  refusePromise,
  Tensor,
  ValueError,
} from '@bn/tensor';
import { expectModule } from './expect-module.js';
import { attributeName, definedForward, type Module } from './module.js';
import { moduleName } from './module-name.js';

export interface FunctionalCallOptions {
  /** A dict entry for one of several names of a shared (tied) tensor replaces it under all of them. */
  tieWeights?: boolean;
  /** Every parameter and buffer of the module must be given, and nothing else. */
  strict?: boolean;
}

type StateDict = Record<string, Tensor>;

/**
 * What `args` may be for a forward taking the parameters `P`: all of them as an array, or one value alone when
 * the forward needs only one and it is not an array (a plain `Module`'s forward takes anything).
 */
export type ForwardCallArgs<P extends readonly unknown[]> = P | SoleArg<P>;

type SoleArg<P extends readonly unknown[]> = number extends P['length']
  ? P[number]
  : P extends readonly [infer First, ...infer Rest]
    ? [] extends Rest
      ? Exclude<First, readonly unknown[]>
      : never
    : never;

/** What a forward returns; `unknown` rather than `any` for a plain `Module`'s. */
export type ForwardResult<M extends Module> = 0 extends 1 & ReturnType<M['forward']>
  ? unknown
  : ReturnType<M['forward']>;

/** The default of the result's type argument: none given, so the result and `args` come from `forward`. */
declare const unstated: unique symbol;
type Unstated = typeof unstated;

/** `args` typed by `forward` unless the result was stated (then anything goes, as before inference). */
export type FunctionalCallArgs<R, M extends Module> = [R] extends [Unstated]
  ? ForwardCallArgs<Parameters<M['forward']>>
  : unknown;

/** The result: forward's unless stated. */
export type FunctionalCallResult<R, M extends Module> = [R] extends [Unstated] ? ForwardResult<M> : R;

/** One replaced slot: the module owning it, the registered name, and the tensor it held. */
interface Swap {
  owner: Module;
  property: string;
  key: string;
  original: Tensor | null;
  replacement: Tensor;
}

const OP = 'functionalCall';

/**
 * Calls `module.forward(...args)` (a non-array `args` is the only argument; `kwargs`, if given, is passed as a last
 * options argument) with the parameters and buffers named by the dict keys replaced by the dict's tensors. The
 * forward runs synchronously: an async one is refused before it runs, a returned promise once the module's own
 * tensors are back (the rest of the forward would have used them).
 *
 * The result and `args` are typed by the module's forward (`functionalCall(new Linear(2, 3), p, x)` is a Tensor);
 * a type argument states the result instead (`functionalCall<Tensor>(module, p, x)`), for a module typed as a plain
 * Module or a forward that takes `kwargs`.
 */
export function functionalCall<R = Unstated, M extends Module = Module>(
  module: M,
  parameterAndBufferDicts: StateDict | readonly StateDict[],
  args: FunctionalCallArgs<R, M>,
  kwargs?: Record<string, unknown>,
  options: FunctionalCallOptions = {},
): FunctionalCallResult<R, M> {
  expectModule(OP, 'module', module);
  expectSyncFunction(OP, 'module.forward', definedForward(module));
  if (kwargs !== undefined) expectDict(OP, 'kwargs', kwargs, 'values');
  expectOptions(OP, 'options', options);
  const { tieWeights = true, strict = false } = options;
  expectBoolean(OP, 'tieWeights', tieWeights);
  expectBoolean(OP, 'strict', strict);
  const dicts = listDicts(parameterAndBufferDicts);
  const replacements = mergeDicts(dicts);
  const swaps = planSwaps(module, replacements, tieWeights, strict);
  const callArgs: unknown[] = Array.isArray(args) ? [...args] : [args];
  if (kwargs !== undefined) callArgs.push(kwargs);
  for (const s of swaps) Reflect.set(s.owner, s.property, s.replacement);
  let result: unknown;
  try {
    result = module.forward(...callArgs);
  } finally {
    for (const s of swaps) {
      // a tensor the forward assigned (instead of updating in place) goes back into the dict that gave the key
      const now = Reflect.get(s.owner, s.property) as Tensor | null;
      if (now !== s.replacement && now !== null) {
        for (const d of dicts) if (Object.hasOwn(d, s.key)) d[s.key] = now;
      }
      Reflect.set(s.owner, s.property, s.original);
    }
  }
  refusePromise(OP, 'module.forward', result);
  return result as FunctionalCallResult<R, M>;
}

/** The dicts given: one dict, or a list of dicts. */
function listDicts(dicts: StateDict | readonly StateDict[]): StateDict[] {
  if (!Array.isArray(dicts)) {
    expectDict(OP, 'parameterAndBufferDicts', dicts, 'Tensors');
    return [dicts as StateDict];
  }
  dicts.forEach((d, i) => {
    expectDict(OP, `parameterAndBufferDicts[${i}]`, d, 'Tensors');
  });
  return [...dicts];
}

/** One dict from dicts whose keys must not repeat. */
function mergeDicts(dicts: readonly StateDict[]): StateDict {
  const counts = new Map<string, number>();
  for (const d of dicts) for (const k of Object.keys(d)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n > 1).map(([k]) => `'${k}'`);
  if (repeated.length > 0) {
    throw new ValueError(
      `[${repeated.join(', ')}] appeared in multiple dictionaries; behavior of functional call is ambiguous`,
    );
  }
  return Object.assign({}, ...dicts) as StateDict;
}

/** Which slots to replace with what, after checking every key (nothing is replaced when a key is bad). */
function planSwaps(module: Module, given: StateDict, tieWeights: boolean, strict: boolean): Swap[] {
  const own = module.stateDict(); // every non-null slot under each of its names, tied ones included
  // keys are listed sorted, as torch does; a null slot's name is unknown too (torch's strict check counts it)
  const unknown = Object.keys(given)
    .filter((k) => !Object.hasOwn(own, k))
    .sort();
  const replacements = { ...given };
  if (tieWeights) {
    const byOriginal = new Map<Tensor, string[]>();
    for (const [k, t] of Object.entries(own)) byOriginal.set(t, [...(byOriginal.get(t) ?? []), k]);
    for (const names of byOriginal.values()) {
      if (names.length < 2) continue;
      const tied = names.filter((n) => Object.hasOwn(given, n)).sort();
      if (tied.length === 0) continue;
      if (new Set(tied.map((n) => given[n])).size > 1) {
        throw new ValueError(
          `functional_call got multiple values for keys [${tied.map((n) => `'${n}'`).join(', ')}], which are ` +
            'tied. Consider using tie_weights=False',
        );
      }
      for (const n of names) replacements[n] ??= given[tied[0]!]!;
    }
  }
  const missing = Object.keys(own)
    .filter((k) => !Object.hasOwn(replacements, k))
    .sort();
  if (strict && (missing.length > 0 || unknown.length > 0)) {
    const errors: string[] = [];
    if (unknown.length > 0) errors.push(`Unexpected key(s): ${unknown.map((k) => `'${k}'`).join(', ')}.`);
    if (missing.length > 0) errors.push(`Missing key(s): ${missing.map((k) => `'${k}'`).join(', ')}.`);
    throw new RuntimeError(
      `Error(s) in reparametrizing for ${moduleName(module.constructor)}:\n\t${errors.join('\n\t')}`,
    );
  }
  // without strict a null slot may be filled; a key naming no slot at all is still an error
  const unexpected = unknown.filter((k) => !isNullSlot(module, k));
  if (unexpected.length > 0) {
    throw new RuntimeError(
      `functional_call: ${moduleName(module.constructor)} has no parameter or buffer named ${unexpected.map((k) => `'${k}'`).join(', ')}`,
    );
  }
  return Object.entries(replacements).map(([key, value]) => {
    if (!(value instanceof Tensor)) {
      throw new ArgumentTypeError(`functional_call: expected a Tensor for '${key}', but got ${typeof value}`);
    }
    const [owner, name] = ownerOf(module, key);
    const property = attributeName(name);
    return {
      owner,
      property,
      key,
      original: Reflect.get(owner, property) as Tensor | null,
      replacement: value,
    };
  });
}

/** The module holding the slot `key` and the slot's name. */
function ownerOf(root: Module, key: string): [Module, string] {
  const dot = key.lastIndexOf('.');
  return dot < 0 ? [root, key] : [root.getSubmodule(key.slice(0, dot)), key.slice(dot + 1)];
}

/** Whether `key` names a registered parameter or buffer that is currently null (absent from the state dict). */
function isNullSlot(root: Module, key: string): boolean {
  try {
    const [owner, name] = ownerOf(root, key);
    const slot = owner.slotOf(name);
    return slot === 'parameter' || slot === 'buffer';
  } catch {
    return false;
  }
}
