// functorch's error texts (torch 1.13 / torch.func), word for word where users search them, with our additions
// after them.
import { currentScope } from '@bn/tensor';

/**
 * Reading values of a batched tensor (`item()`, `toArray()`, `toTypedArray()`) or its storage: functorch's first
 * sentence, then why in @bn's terms (the tensor holds every member at once) and what to write instead.
 */
export function readoutMessage(what: string, shape: readonly number[], batchSize: number): string {
  if (!what.endsWith(')')) {
    return `vmap: ${what} is not possible on a batched Tensor: it has no storage of its own (it is a view of every member at once)`;
  }
  return (
    `vmap: It looks like you're calling .${what} on a Tensor. Inside vmap, the function runs once for the whole ` +
    `batch, not once per member: this tensor stands for all ${batchSize} members at once (each of shape ` +
    `[${shape.join(', ')}]), so it has no single member's values to give. Compute with tensor operations instead ` +
    '(where(condition, a, b) for a choice that depends on the values), or read the values from what vmap returns.'
  );
}

/** An in-place primitive whose target is not batched while another argument is. */
export function inplaceMessage(op: string): string {
  return (
    'vmap: inplace arithmetic(self, *extra_args) is not possible because there exists a Tensor `other` in ' +
    'extra_args that has more elements than `self`. This happened due to `other` being vmapped over but `self` ' +
    'not being vmapped over in a vmap. Please try to use out-of-place operators instead of inplace arithmetic. ' +
    `(in-place primitive: ${op}: it would write values that differ across vmap's members into one tensor vmap does ` +
    "not map over, a weight or buffer the function captured, say; give that tensor an inDim among vmap's inputs, " +
    'or compute a new tensor instead of writing into it)'
  );
}

export const RANDOM_IN_ERROR_MODE =
  "vmap: called random operation while in randomness error mode. Please either use the 'same' or 'different' " +
  'randomness flags on vmap or perform the randomness operation out of vmap';

/** functorch's sentence for BatchNorm in training with a batched input and unbatched running stats. */
export const BATCH_NORM_RUNNING_STATS_ERROR =
  'Batch norm got a batched tensor as input while the running_mean or running_var, which will be updated in ' +
  'place, were not batched.';

/** The four ways out of a BatchNorm that updates unbatched running stats under vmap (@bn's names). */
export const BATCH_NORM_FIXES = [
  'build the network with GroupNorm, or with BatchNorm2d(c, { trackRunningStats: false })',
  'pass a normLayer factory to the ResNet/RegNet builder: resnet18({ normLayer: (c) => new GroupNorm(32, c) })',
  'call replaceAllBatchNormModules_(net) (@bn/patch) so no BatchNorm tracks running stats',
  'run in eval mode: evalMode(net, () => vmap(net)(x)) (@bn/patch), or net.eval() before the vmap',
];

/** The ways `@bn` keeps running statistics under vmap, which functorch has no equivalent of. */
export const BATCH_NORM_KEEP_STATS = [
  "share the statistics over the mapped axis: BatchNorm2d(c, { axisName: 'batch' }) (@bn/nn) with " +
    "vmap(net, { axisName: 'batch' })",
  'an ensemble with per-member running stats: stackModuleState + functionalCall (@bn/nn), the buffers mapped too',
];

/** BatchNorm in training with a batched input and an unbatched running stat it would update in place. */
export function batchNormMessage(): string {
  const where = currentScope();
  return [
    BATCH_NORM_RUNNING_STATS_ERROR,
    ...(where ? [`  in ${where}`] : []),
    'Fixes (any one of them):',
    ...BATCH_NORM_FIXES.map((fix, i) => `  ${i + 1}. ${fix}`),
    'To keep running stats under vmap (beyond functorch):',
    ...BATCH_NORM_KEEP_STATS.map((way) => `  - ${way}`),
  ].join('\n');
}
