// Loading a state dict into a module, all or nothing: every key, type and shape is checked first and all problems
// are reported together in PyTorch's wording (`Error(s) in loading state_dict for ...`); only then are tensors copied.
import { copy_, formatShape, RuntimeError, sameShape, Tensor } from '@bn/tensor';

/** The keys that did not match (with `strict: false`; with `strict` they are errors). */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Copies `incoming` into the tensors of `current` (the module's own state dict) after checking all of it. */
export function loadStateDictInto(
  module: object,
  current: Record<string, Tensor>,
  incoming: Record<string, unknown>,
  strict: boolean,
): LoadResult {
  if (incoming === null || typeof incoming !== 'object') {
    throw new TypeError(
      `Expected state_dict to be a Record<string, Tensor>, got ${incoming === null ? 'null' : typeof incoming}`,
    );
  }
  const missingKeys = Object.keys(current).filter((k) => !Object.hasOwn(incoming, k));
  const unexpectedKeys = Object.keys(incoming).filter((k) => !Object.hasOwn(current, k));
  const errors: string[] = [];
  if (strict && missingKeys.length > 0) errors.push(`Missing key(s) in state_dict: ${quoted(missingKeys)}. `);
  if (strict && unexpectedKeys.length > 0)
    errors.push(`Unexpected key(s) in state_dict: ${quoted(unexpectedKeys)}. `);
  const copies: [Tensor, Tensor][] = [];
  for (const [key, target] of Object.entries(current)) {
    if (!Object.hasOwn(incoming, key)) continue;
    const value = incoming[key];
    if (!(value instanceof Tensor)) {
      errors.push(
        `While copying the parameter named "${key}", expected a Tensor from checkpoint but received ${typeof value}`,
      );
    } else if (!sameShape(value.shape, target.shape)) {
      errors.push(
        `size mismatch for ${key}: copying a param with shape ${formatShape(value.shape)} from checkpoint, ` +
          `the shape in current model is ${formatShape(target.shape)}.`,
      );
    } else {
      copies.push([target, value]);
    }
  }
  if (errors.length > 0) {
    throw new RuntimeError(
      `Error(s) in loading state_dict for ${module.constructor.name}:\n\t${errors.join('\n\t')}`,
    );
  }
  for (const [target, value] of copies) copy_(target, value);
  return { missingKeys, unexpectedKeys };
}

function quoted(keys: string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}
