// Checks of the builders' options: an object with known keys only (Python's "unexpected keyword argument"),
// positive integer sizes and factories of the right kind, and torchvision's `_ovewrite_named_param` for fixed settings.
import { describeValue, ValueError } from '@bn/tensor';

/** Throws unless `options` is undefined or a plain object whose keys are all in `known`. */
export function checkOptions(fn: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: expected an options object, but got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${fn}() got an unexpected keyword argument '${key}' (expected one of ${known.join(', ')})`,
      );
    }
  }
}

/** Throws unless the option `name` (numClasses, groups, ...) is a positive integer. */
export function checkPositiveInteger(fn: string, name: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 1) {
    const got = typeof value === 'number' ? value : describeValue(value);
    throw new ValueError(`${fn}: expected ${name} to be a positive integer, but got ${got}`);
  }
}

/** Throws unless `value` (the option `name`) is a function. */
export function checkFactory(fn: string, name: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new TypeError(`${fn}: expected ${name} to be a function, but got ${describeValue(value)}`);
  }
}

/** `options` with `name` set to `value`, which a builder fixes; a different value from the caller throws. */
export function overwriteNamedParam<O extends object, K extends keyof O>(
  options: O,
  name: K,
  value: O[K],
): O {
  const given = options[name];
  if (given !== undefined && given !== value) {
    throw new ValueError(`The parameter '${String(name)}' expected value ${value} but got ${given} instead.`);
  }
  return { ...options, [name]: value };
}
