/**
 * PyTorch's four ways to vmap a network with BatchNorm ("Patching Batch Norm") as APIs, and a diagnostic that
 * lists every module that would fail under vmap before anything runs.
 *
 * @module @bn/patch
 */
export type { NormLayer } from '@bn/nn';
export { evalMode } from './eval-mode.js';
export {
  type FindVmapIncompatibilitiesOptions,
  findVmapIncompatibilities,
  type VmapIncompatibility,
} from './find-vmap-incompatibilities.js';
export { normLayers } from './norm-layers.js';
export { defaultNumGroups, type NumGroups } from './num-groups.js';
export { replaceAllBatchNormModules_ } from './replace-all-batch-norm-modules.js';
export {
  type ReplaceWithGroupNormOptions,
  type ReplaceWithGroupNormResult,
  replaceBatchNormWithGroupNorm_,
  type WithGroupNorm,
} from './replace-batch-norm-with-group-norm.js';
