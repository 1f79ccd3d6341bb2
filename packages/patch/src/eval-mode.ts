// Option 4 of PyTorch's "Patching Batch Norm": run in evaluation mode, where BatchNorm reads its running stats and
// writes nothing, then put every module back in the mode it had. Mirrors the docs' `model.eval(); vmap(model)(x);
// model.train()` (docs/source/func.batch_norm.rst), without forcing every module to training afterwards.
import type { Module } from '@bn/nn';
import { describeValue } from '@bn/tensor';
import { expectModule } from './arguments.js';

/**
 * Sets `model` and all its submodules to evaluation mode, runs `fn(model)` and restores each module's own previous
 * `training` flag (mixed modes survive), also when `fn` throws; if `fn` returns a promise, the modes are restored
 * when it settles. Returns what `fn` returns.
 */
export function evalMode<M extends Module, R>(model: M, fn: (model: M) => R): R {
  expectModule('evalMode', 'model', model);
  if (typeof fn !== 'function')
    throw new TypeError(`evalMode: expected fn to be a function, but got ${describeValue(fn)}`);
  const modes = model.modules().map((m) => [m, m.training] as const);
  const restore = () => {
    for (const [m, training] of modes) m.training = training;
  };
  model.eval();
  let result: R;
  try {
    result = fn(model);
  } catch (e) {
    restore();
    throw e;
  }
  if (isThenable(result)) {
    return result.then(
      (value) => {
        restore();
        return value;
      },
      (error: unknown) => {
        restore();
        throw error;
      },
    ) as R;
  }
  restore();
  return result;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
