// Option 4 of PyTorch's "Patching Batch Norm": run in evaluation mode, where BatchNorm reads its running stats and
// writes nothing, then put every module back in the mode it had. Mirrors the docs' `model.eval(); vmap(model)(x);
// model.train()` (docs/source/func.batch_norm.rst), without forcing every module to training afterwards.
import { expectModule, type Module } from '@bn/nn';
import { expectSyncFunction, refusePromise } from '@bn/tensor';

/**
 * Sets `model` and all its submodules to evaluation mode, runs `fn(model)` and restores each module's own previous
 * `training` flag (mixed modes survive), also when `fn` throws. Returns what `fn` returns. `fn` runs synchronously:
 * an async `fn` is refused before it runs, a returned promise once the modes are restored (the rest of `fn`, and
 * any overlapping call, would otherwise see modes that are not the ones it asked for).
 */
export function evalMode<M extends Module, R>(model: M, fn: (model: M) => R): R {
  expectModule('evalMode', 'model', model);
  expectSyncFunction('evalMode', 'fn', fn);
  const modes = model.modules().map((m) => [m, m.training] as const);
  model.eval();
  let result: R;
  try {
    result = fn(model);
  } finally {
    for (const [m, training] of modes) m.training = training;
  }
  refusePromise('evalMode', 'fn', result);
  return result;
}
