// Resolving an optimizer's options as torch.optim's constructors and `add_param_group` do: unknown names refused
// (Python's unexpected keyword argument), defaults filled in, PyTorch's checks run, then each parameter group's own
// options laid over the defaults.
import { ArgumentTypeError, expectOptions, ValueError } from '@bn/tensor';
import type { Defaults, Hyperparameters, ParamState, UpdateRule } from './rule.js';

/** The first key of `options` that is not in `known`, if any. */
export function unknownKey(options: object, known: readonly string[]): string | undefined {
  return Object.keys(options).find((key) => !known.includes(key));
}

/** Refuses an option the optimizer does not know (a typo would otherwise be silently ignored). */
export function expectKnownOptions(op: string, options: object, known: readonly string[]): void {
  const key = unknownKey(options, known);
  if (key !== undefined) throw new ArgumentTypeError(`${op}(): got an unexpected keyword argument '${key}'`);
}

/** The names of `rule`'s options. */
export function optionNames(rule: UpdateRule<Hyperparameters, ParamState>): string[] {
  return Object.keys(rule.withDefaults({}));
}

/** The constructor's options: checked, with PyTorch's defaults. */
export function resolveDefaults<H extends Hyperparameters, S extends ParamState>(
  rule: UpdateRule<H, S>,
  options: Partial<H>,
): Defaults<H> {
  expectOptions(rule.name, 'options', options);
  expectKnownOptions(rule.name, options, optionNames(rule as never));
  const defaults = rule.withDefaults(options);
  rule.check(defaults);
  return defaults;
}

/** A group's options over the defaults, checked; `lr` must be set by one or the other (SGD has no default). */
export function resolveGroup<H extends Hyperparameters, S extends ParamState>(
  rule: UpdateRule<H, S>,
  defaults: Defaults<H>,
  group: Partial<H>,
): H {
  const set = Object.entries(group).filter(([, value]) => value !== undefined);
  const merged = { ...defaults, ...Object.fromEntries(set) } as Defaults<H>;
  if (merged.lr === undefined) {
    throw new ValueError("parameter group didn't specify a value of required optimization parameter lr");
  }
  rule.check(merged);
  return merged as unknown as H;
}
