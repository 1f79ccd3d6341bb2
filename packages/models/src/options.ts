// Checks of the builders' options: a plain object with known keys only (Python's "unexpected keyword argument"), and
// torchvision's `_ovewrite_named_param` for fixed settings.
import { ArgumentTypeError, expectOptions, ValueError } from '@bn/tensor';

/** Throws unless `options` is undefined or a plain object whose keys are all in `known`. */
export function checkOptions(fn: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  expectOptions(fn, 'options', options);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ArgumentTypeError(
        `${fn}() got an unexpected keyword argument '${key}' (expected one of ${known.join(', ')})`,
      );
    }
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
