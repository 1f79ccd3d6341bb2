// Option 3 of PyTorch's "Patching Batch Norm": in place, no BatchNorm keeps running statistics any more.
// Mirrors torch/_functorch/batch_norm_replacement.py (functorch.experimental in torch 1.13).
import { BatchNorm, expectModule, type Module } from '@bn/nn';

/**
 * `torch.func.replace_all_batch_norm_modules_`: every BatchNorm in `root` (root included, any subclass of @bn/nn's
 * `BatchNorm`) that tracks running stats gets `runningMean`, `runningVar` and `numBatchesTracked` set to null and
 * `trackRunningStats` to false, so it normalises with batch statistics in training and evaluation alike and writes
 * nothing under vmap. Returns `root`.
 */
export function replaceAllBatchNormModules_<M extends Module>(root: M): M {
  expectModule('replaceAllBatchNormModules_', 'root', root);
  for (const m of root.modules()) {
    if (m instanceof BatchNorm && m.trackRunningStats) {
      m.runningMean = null;
      m.runningVar = null;
      m.numBatchesTracked = null;
      m.trackRunningStats = false;
    }
  }
  return root;
}
