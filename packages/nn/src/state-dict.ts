// Loading a state dict into a module, all or nothing: every key, type and shape is checked and every value made ready
// to copy first, all problems reported together in PyTorch's wording (`Error(s) in loading state_dict for ...`);
// only then are tensors written.
import {
  BnError,
  checkWritable,
  copy_,
  formatShape,
  RuntimeError,
  type Storage,
  sameShape,
  Tensor,
  zerosLike,
} from '@bn/tensor';
import { moduleName } from './module-name.js';

/** The keys that did not match (with `strict: false`; with `strict` they are errors). */
export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Copies `incoming` (a plain object) into the tensors of `current` (the module's own state dict) after checking all of it. */
export function loadStateDictInto(
  module: object,
  current: Record<string, Tensor>,
  incoming: Record<string, unknown>,
  strict: boolean,
): LoadResult {
  const missingKeys = Object.keys(current).filter((k) => !Object.hasOwn(incoming, k));
  const unexpectedKeys = Object.keys(incoming).filter((k) => !Object.hasOwn(current, k));
  const errors: string[] = [];
  if (strict && missingKeys.length > 0) errors.push(`Missing key(s) in state_dict: ${quoted(missingKeys)}. `);
  if (strict && unexpectedKeys.length > 0)
    errors.push(`Unexpected key(s) in state_dict: ${quoted(unexpectedKeys)}. `);
  const targetMemory = new Set(
    Object.values(current)
      .filter((t) => t.level === 0)
      .map((t) => t.storage),
  );
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
      try {
        copies.push([target, readyToCopy(target, value, targetMemory)]);
      } catch (e) {
        if (!(e instanceof BnError)) throw e;
        errors.push(
          `While copying the parameter named "${key}", whose dimensions in the model are ${formatShape(target.shape)} ` +
            `and whose dimensions in the checkpoint are ${formatShape(value.shape)}, an exception occurred: ${e.message}`,
        );
      }
    }
  }
  if (errors.length > 0) {
    throw new RuntimeError(
      `Error(s) in loading state_dict for ${moduleName(module.constructor)}:\n\t${errors.join('\n\t')}`,
    );
  }
  for (const [target, value] of copies) copy_(target, value);
  return { missingKeys, unexpectedKeys };
}

/**
 * `value` in a form whose copy into `target` (of the same shape) cannot fail, or the error that copy would raise,
 * before anything is written. A concrete value outside the targets' memory is copied into a concrete target as it
 * is (copy_ converts any dtype). Any other value (escaped from or batched by a vmap, or a view of some target's
 * memory, which an earlier write would change) is read now into fresh memory batched like the target.
 */
function readyToCopy(target: Tensor, value: Tensor, targetMemory: ReadonlySet<Storage>): Tensor {
  if (target.level === 0) checkWritable('copy_', target);
  if (target.level === 0 && value.level === 0 && !targetMemory.has(value.storage)) return value;
  return copy_(zerosLike(target), value);
}

function quoted(keys: string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}
