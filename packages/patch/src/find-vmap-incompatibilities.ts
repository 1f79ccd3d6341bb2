// Diagnostics before running: every module that would make `vmap(model)` throw, with the @bn fixes that apply.
// Like Opacus's ModuleValidator.validate (opacus/validators/module_validator.py), for vmap instead of DP-SGD.
import {
  BatchNorm,
  BatchNorm2d,
  Dropout,
  expectModule,
  InstanceNorm2d,
  type Module,
  moduleName,
  type NormBase,
} from '@bn/nn';
import { expectBoolean, expectOptions, ValueError } from '@bn/tensor';
import { BATCH_NORM_RUNNING_STATS_ERROR } from '@bn/vmap';
import { defaultNumGroups } from './num-groups.js';

export interface FindVmapIncompatibilitiesOptions {
  /** Judge every module as if in this mode (as after `model.train()`/`model.eval()`); each module's own by default. */
  training?: boolean;
  /** The `axisName` the vmap binds: BatchNorms with this axis name share statistics over it and are fine. */
  axisName?: string;
  /** The vmap's `randomness`: Dropout in training only fails under `'error'`, vmap's default. */
  randomness?: 'error' | 'different' | 'same';
}

export interface VmapIncompatibility {
  /** Dotted path from the root ('' for the root). */
  path: string;
  className: string;
  /** Why vmap would throw there. */
  reason: string;
  /** `@bn` calls that make the module work under vmap (any one of them). */
  fixes: string[];
}

const RANDOM_ERROR = 'vmap: called random operation while in randomness error mode.';
/** The axis name suggested when the vmap binds none. */
const SUGGESTED_AXIS = 'batch';

/**
 * Lists, in `namedModules` order and without running anything, each module that would throw under
 * `vmap(model, { axisName, randomness })`: a BatchNorm that would update its running stats (training, tracking,
 * stats present) unless its `axisName` is the vmap's; an InstanceNorm2d that would update its running stats; a
 * Dropout in training under randomness 'error'. An empty list means vmap runs (as far as these layers go).
 */
export function findVmapIncompatibilities(
  root: Module,
  options: FindVmapIncompatibilitiesOptions = {},
): VmapIncompatibility[] {
  const fn = 'findVmapIncompatibilities';
  expectModule(fn, 'root', root);
  expectOptions(fn, 'options', options);
  const { training, axisName, randomness = 'error' } = options;
  if (training !== undefined) expectBoolean(fn, 'training', training);
  if (axisName !== undefined && (typeof axisName !== 'string' || axisName === '')) {
    throw new ValueError(`${fn}: expected axisName to be a non-empty string, but got ${String(axisName)}`);
  }
  if (!['error', 'different', 'same'].includes(randomness)) {
    throw new ValueError(
      `${fn}: expected randomness to be 'error', 'different' or 'same', but got ${String(randomness)}`,
    );
  }
  const found: VmapIncompatibility[] = [];
  for (const [path, m] of root.namedModules()) {
    const inTraining = training ?? m.training;
    const problem =
      m instanceof BatchNorm
        ? batchNormProblem(m, inTraining, axisName)
        : m instanceof InstanceNorm2d
          ? instanceNormProblem(m, inTraining)
          : m instanceof Dropout && inTraining && randomness === 'error'
            ? dropoutProblem()
            : null;
    if (problem) found.push({ path, className: moduleName(m.constructor), ...problem });
  }
  return found;
}

type Problem = Pick<VmapIncompatibility, 'reason' | 'fixes'>;

function hasRunningStats(m: NormBase): boolean {
  return m.runningMean !== null || m.runningVar !== null;
}

/** A BatchNorm fails when it would write batched statistics into its unbatched running stats. */
function batchNormProblem(bn: BatchNorm, training: boolean, axisName: string | undefined): Problem | null {
  if (!(training && bn.trackRunningStats && hasRunningStats(bn))) return null;
  if (bn.axisName !== undefined && bn.axisName === axisName) return null;
  const cls = moduleName(bn.constructor);
  const c = bn.numFeatures;
  const unbound =
    bn.axisName === undefined
      ? ''
      : ` Its axisName '${bn.axisName}' only shares the statistics under a vmap binding that name, and ` +
        (axisName === undefined ? 'the vmap binds none.' : `the vmap binds '${axisName}'.`);
  const axis = bn.axisName ?? axisName ?? SUGGESTED_AXIS;
  const g = defaultNumGroups(c);
  return {
    reason:
      `${cls} in training mode updates its running_mean and running_var in place, but under vmap its input is ` +
      `batched and they are not (${BATCH_NORM_RUNNING_STATS_ERROR}).${unbound}`,
    fixes: [
      `new GroupNorm(${g}, ${c})`,
      `new ${cls}(${c}, { trackRunningStats: false })`,
      ...(bn instanceof BatchNorm2d
        ? [
            `normLayers.groupNorm(${g})`,
            'normLayers.batchNormNoStats()',
            `normLayers.batchNormAxis('${axis}')`,
          ]
        : []),
      'replaceAllBatchNormModules_(model)',
      'replaceBatchNormWithGroupNorm_(model)',
      'evalMode(model, fn)',
      bn.axisName === undefined
        ? `new ${cls}(${c}, { axisName: '${axis}' }) with vmap(fn, { axisName: '${axis}' })`
        : `vmap(fn, { axisName: '${axis}' })`,
    ],
  };
}

/** InstanceNorm2d normalises with input statistics in training (or without tracking) and then updates any stats. */
function instanceNormProblem(m: InstanceNorm2d, training: boolean): Problem | null {
  const useInputStats = training || !m.trackRunningStats;
  if (!(useInputStats && hasRunningStats(m))) return null;
  return {
    reason:
      'InstanceNorm2d in training mode updates its running_mean and running_var in place, but under vmap its ' +
      `input is batched and they are not (${BATCH_NORM_RUNNING_STATS_ERROR})`,
    fixes: [`new InstanceNorm2d(${m.numFeatures}, { trackRunningStats: false })`, 'evalMode(model, fn)'],
  };
}

function dropoutProblem(): Problem {
  return {
    reason: `Dropout in training mode draws a random mask, which vmap refuses under its default randomness 'error' (${RANDOM_ERROR})`,
    fixes: [
      "vmap(fn, { randomness: 'different' })",
      "vmap(fn, { randomness: 'same' })",
      'evalMode(model, fn)',
    ],
  };
}
