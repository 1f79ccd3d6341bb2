// Normalisation: batchNorm (one fused primitive that also updates running stats in place) and its backward
// (ATen's native_batch_norm_backward), groupNorm and its backward (native_group_norm_backward), layerNorm, and instanceNorm composed over batchNorm as ATen's
// instance_norm. Mirrors F.batch_norm & co.

import { kernels } from '../backend.js';
import { expectDType } from '../dtype.js';
import { ShapeError, ValueError } from '../errors.js';
import { bind1 } from '../interpreter.js';
import type { GroupedView } from '../kernel-interface.js';
import {
  combineByGroup,
  expandGroups,
  foldAffine,
  gradientSums,
  groupMoments,
  type Moments,
  updateRunning,
} from '../kernels/norm.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { readTypedArray } from '../readout.js';
import { contiguousStrides, formatShape, numelOf, type Shape, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectOperand, expectOptionalTensor, expectTensor } from '../validate.js';
import { empty } from './creation.js';
import { copy_ } from './inplace.js';
import { mean } from './reduce.js';
import { expand, reshape, unsqueeze } from './views.js';

export interface BatchNormParams {
  training: boolean;
  /** Weight of the batch statistic in the running update; null for the cumulative average 1 / numBatchesTracked. */
  momentum: number | null;
  eps: number;
}

/** batchNormBackward's params: the forward's mode (batch statistics when training) and eps. */
export interface BatchNormBackwardParams {
  training: boolean;
  eps: number;
}

export interface GroupNormParams {
  numGroups: number;
  eps: number;
}

export interface LayerNormParams {
  normalizedShape: number[];
  eps: number;
}

/** Checks an optional float32 per-channel tensor (weight, bias, running stat) against `c` channels. */
function checkChannelVector(op: string, name: string, t: Aval | null, c: number): void {
  if (!t) return;
  expectDType(op, name, t.dtype, ['float32']);
  if (t.shape.length !== 1 || t.shape[0] !== c) {
    throw new ShapeError(
      `${op}(): ${name} should contain ${c} elements (shape [${c}]), but got shape ${formatShape(t.shape)}`,
    );
  }
}

/** Checks a float32 input of shape [N, C, *]. */
function checkNormInput(op: string, x: Aval): void {
  expectDType(op, 'input', x.dtype, ['float32']);
  if (x.shape.length < 2) {
    throw new ShapeError(
      `${op}(): expected input of shape [N, C, *] (at least 2-D), but got shape ${formatShape(x.shape)}`,
    );
  }
}

/** PyTorch's `_verify_batch_size`: training statistics need more than one value per channel. */
function verifyBatchSize(size: Shape): void {
  if (size[0]! * numelOf(size.slice(2)) === 1) {
    throw new ValueError(
      `Expected more than 1 value per channel when training, got input size ${formatShape(size)}`,
    );
  }
}

/** In evaluation the running stats normalise together: both or neither. */
function checkRunningPair(op: string, runningMean: Aval | null, runningVar: Aval | null): void {
  if (!runningMean !== !runningVar) {
    throw new ValueError(
      `${op}(): running_mean and running_var must both be given or both be null in evaluation mode, but ` +
        `${runningMean ? 'running_var' : 'running_mean'} is null`,
    );
  }
}

function checkEps(op: string, eps: number): void {
  if (typeof eps !== 'number' || Number.isNaN(eps))
    throw new ValueError(`${op}(): expected eps to be a number, but got ${eps}`);
}

/** The [N, C, *] view of `x` grouped per channel: outer dim C, inner dims [N, *]. */
function perChannel(x: Tensor): GroupedView {
  return {
    data: x.storage.data,
    offset: x.offset,
    outerShape: [x.shape[1]!],
    outerStrides: [x.strides[1]!],
    innerShape: [x.shape[0]!, ...x.shape.slice(2)],
    innerStrides: [x.strides[0]!, ...x.strides.slice(2)],
  };
}

/**
 * A fresh tensor of `aval`: y = x * scale[g] + shift[g] (then * weight + bias per inner element) over the split
 * `view` of x; `outSplit` splits the output's contiguous strides the same way.
 */
function normalizeInto(
  aval: Aval,
  view: GroupedView,
  outSplit: (strides: number[]) => { outerStrides: number[]; innerStrides: number[] },
  { scale, shift }: { scale: Float64Array; shift: Float64Array },
  weight: Tensor | null = null,
  bias: Tensor | null = null,
): Tensor {
  const out = empty(aval);
  const split = outSplit(contiguousStrides(aval.shape));
  kernels().affineByGroup(
    view,
    { data: out.storage.data as Float32Array, offset: 0, ...split },
    scale,
    shift,
    weight && readTypedArray(weight),
    bias && readTypedArray(bias),
  );
  return out;
}

/** The split of a contiguous [N, C, *] tensor's strides per channel, as `perChannel` splits x. */
const channelSplit = (s: number[]) => ({ outerStrides: [s[1]!], innerStrides: [s[0]!, ...s.slice(2)] });

/** Writes g a + x b + d (per group of the views' split) into the contiguous `out`, split the same way by `split`. */
function combineInto(
  out: Tensor,
  g: GroupedView,
  x: GroupedView,
  split: (strides: number[]) => { outerStrides: number[]; innerStrides: number[] },
  [a, b, d]: readonly Float64Array[],
): void {
  const target = {
    data: out.storage.data as Float32Array,
    offset: 0,
    ...split(contiguousStrides(out.shape)),
  };
  combineByGroup(g, x, target, a!, b!, d!);
}

/**
 * batchNorm's three gradients for the cotangent `g` of its output (ATen's native_batch_norm_backward): per channel,
 * with the statistics the forward normalised by (mean, invstd = 1 / sqrt(var + eps)), w the weight (or 1), M the
 * elements per channel and x^ = (x - mean) invstd: gradBias = sum(g), gradWeight = sum(g x^), and gradInput =
 * w invstd (g - sum(g) / M - x^ sum(g x^) / M) with batch statistics, w invstd g with running ones. gradInput is
 * written as g a + x b + d per channel.
 */
function batchNormBackwardImpl(
  [g, x, weight, runningMean, runningVar]: readonly (Tensor | null)[],
  { training, eps }: BatchNormBackwardParams,
  [inputAval, weightAval, biasAval]: readonly Aval[],
): Tensor[] {
  const [gradInput, gradWeight, gradBias] = [empty(inputAval!), empty(weightAval!), empty(biasAval!)];
  if (x!.numel() === 0) return [gradInput, gradWeight, gradBias];
  const view = perChannel(x!);
  const batch = training || !runningMean ? groupMoments(view) : null;
  const mean = batch ? batch.mean : readTypedArray(runningMean!);
  const variance = batch ? batch.variance : readTypedArray(runningVar!);
  const w = valuesOf(weight ?? null);
  const count = x!.numel() / x!.shape[1]!;
  const gradView = perChannel(g!);
  const { sumG, sumGX } = gradientSums(gradView, view, mean);
  const c = sumG.length;
  const [a, b, d] = [new Float64Array(c), new Float64Array(c), new Float64Array(c)];
  const [dw, db] = [gradWeight.storage.data, gradBias.storage.data];
  for (let k = 0; k < c; k++) {
    const invstd = 1 / Math.sqrt(variance[k]! + eps);
    const scale = (w ? w[k]! : 1) * invstd;
    a[k] = scale;
    if (batch) {
      b[k] = (-scale * invstd * invstd * sumGX[k]!) / count;
      d[k] = (-scale * sumG[k]!) / count - mean[k]! * b[k]!;
    }
    dw[k] = sumGX[k]! * invstd;
    db[k] = sumG[k]!;
  }
  combineInto(gradInput, gradView, view, channelSplit, [a, b, d]);
  return [gradInput, gradWeight, gradBias];
}

/** groupNorm's checks (ATen's messages) of x, its per-channel weight and bias, numGroups and eps. */
function checkGroupNorm(
  op: string,
  x: Aval,
  perChannel: readonly (Aval | null)[],
  { numGroups, eps }: GroupNormParams,
): void {
  checkNormInput(op, x);
  const s = x.shape;
  const c = s[1]!;
  if (!Number.isInteger(numGroups) || numGroups <= 0) {
    throw new ValueError(`${op}(): expected num_groups to be a positive integer, but got ${numGroups}`);
  }
  if (c % numGroups !== 0) {
    throw new ShapeError(
      `${op}(): Expected number of channels in input to be divisible by num_groups, but got input of shape ` +
        `${formatShape(s)} and num_groups=${numGroups}`,
    );
  }
  perChannel.forEach((t, i) => {
    const name = i === 0 ? 'weight' : 'bias';
    if (t && (t.shape.length !== 1 || t.shape[0] !== c)) {
      throw new ShapeError(
        `${op}(): Expected ${name} to be a vector of size equal to the number of channels in input, but got ` +
          `${name} of shape ${formatShape(t.shape)} and input of shape ${formatShape(s)}`,
      );
    }
    if (t) expectDType(op, name, t.dtype, ['float32']);
  });
  checkEps(op, eps);
  verifyBatchSize([(s[0]! * c) / numGroups, numGroups, ...s.slice(2)]);
}

/** The [N, C, *] view of `x` per sample and channel: outer dims [N, C], inner dims the spatial ones. */
function perSampleChannel(x: Tensor): GroupedView {
  return {
    data: x.storage.data,
    offset: x.offset,
    outerShape: [x.shape[0]!, x.shape[1]!],
    outerStrides: [x.strides[0]!, x.strides[1]!],
    innerShape: x.shape.slice(2),
    innerStrides: x.strides.slice(2),
  };
}

/** The split of a contiguous [N, C, *] tensor's strides per sample and channel, as `perSampleChannel` splits x. */
const sampleChannelSplit = (o: number[]) => ({ outerStrides: o.slice(0, 2), innerStrides: o.slice(2) });

/** groupNorm's statistics: over [N, G] groups of [C/G, *] elements, laid out per [N, C] (sample, channel). */
function groupStatistics(x: Tensor, numGroups: number): Moments {
  const s = x.shape;
  const st = x.strides;
  const [n, c] = [s[0]!, s[1]!];
  const perGroup = c / numGroups;
  const stats = groupMoments({
    data: x.storage.data,
    offset: x.offset,
    outerShape: [n, numGroups],
    outerStrides: [st[0]!, st[1]! * perGroup],
    innerShape: [perGroup, ...s.slice(2)],
    innerStrides: [st[1]!, ...st.slice(2)],
  });
  return expandGroups(stats, n, c, numGroups);
}

/**
 * groupNorm's three gradients for the cotangent `g` of its output (ATen's native_group_norm_backward): over each
 * group of sample n, with its statistics (mean, invstd), M elements, w the weight (or 1) and g' = g w,
 * gradInput = invstd (g' - sum(g') / M - x^ sum(g' x^) / M), gradWeight[c] = sum over n and space of g x^,
 * gradBias[c] = sum of g; gradInput is written as g a + x b + d per sample and channel.
 */
function groupNormBackwardImpl(
  [g, x, weight]: readonly (Tensor | null)[],
  { numGroups, eps }: GroupNormParams,
  [inputAval, weightAval, biasAval]: readonly Aval[],
): Tensor[] {
  const [gradInput, gradWeight, gradBias] = [empty(inputAval!), empty(weightAval!), empty(biasAval!)];
  if (x!.numel() === 0) return [gradInput, gradWeight, gradBias];
  const [n, c] = [x!.shape[0]!, x!.shape[1]!];
  const perGroup = c / numGroups;
  const count = x!.numel() / (n * numGroups);
  const { mean, variance } = groupStatistics(x!, numGroups);
  const view = perSampleChannel(x!);
  const gradView = perSampleChannel(g!);
  const { sumG, sumGX } = gradientSums(gradView, view, mean);
  const w = valuesOf(weight ?? null);
  const [dw, db] = [new Float64Array(c), new Float64Array(c)];
  const [a, b, d] = [new Float64Array(n * c), new Float64Array(n * c), new Float64Array(n * c)];
  for (let first = 0; first < n * c; first += perGroup) {
    // one group: channels [first, first + perGroup) of one sample, sharing its statistics
    const invstd = 1 / Math.sqrt(variance[first]! + eps);
    let sumGW = 0;
    let sumGWX = 0;
    for (let nc = first; nc < first + perGroup; nc++) {
      const wc = w ? w[nc % c]! : 1;
      sumGW += wc * sumG[nc]!;
      sumGWX += wc * sumGX[nc]!;
      dw[nc % c]! += sumGX[nc]! * invstd;
      db[nc % c]! += sumG[nc]!;
    }
    const slope = (-invstd * invstd * invstd * sumGWX) / count;
    for (let nc = first; nc < first + perGroup; nc++) {
      a[nc] = (w ? w[nc % c]! : 1) * invstd;
      b[nc] = slope;
      d[nc] = (-invstd * sumGW) / count - mean[nc]! * slope;
    }
  }
  gradWeight.storage.data.set(dw);
  gradBias.storage.data.set(db);
  combineInto(gradInput, gradView, view, sampleChannelSplit, [a, b, d]);
  return [gradInput, gradWeight, gradBias];
}

/** A per-channel tensor's values (weight, bias), or null. */
function valuesOf(t: Tensor | null): ArrayLike<number> | null {
  return t && readTypedArray(t);
}

/**
 * The normalisation primitives. batchNorm is fused: it also writes the running stats (inputs 3, 4) in training.
 * batchNormBackward: inputs [gradOutput, x, weight, runningMean, runningVar] (the running stats read only in
 * evaluation), outputs [gradInput, gradWeight, gradBias] (gradWeight is sum(g x^) also without a weight);
 * groupNormBackward: inputs [gradOutput, x, weight], groupNorm's params, the same three outputs.
 */
export const normPrimitives = /* @__PURE__ */ defineFamily('norm', {
  batchNorm: {
    mutates: [3, 4],
    writes: ({ training }) => (training ? [3, 4] : []),
    shapeRule: (
      [x, weight, bias, runningMean, runningVar, numBatchesTracked],
      { training, momentum, eps },
    ) => {
      const op = 'batchNorm';
      checkNormInput(op, x!);
      const c = x!.shape[1]!;
      checkChannelVector(op, 'weight', weight ?? null, c);
      checkChannelVector(op, 'bias', bias ?? null, c);
      checkChannelVector(op, 'running_mean', runningMean ?? null, c);
      checkChannelVector(op, 'running_var', runningVar ?? null, c);
      if (numBatchesTracked) {
        expectDType(op, 'numBatchesTracked', numBatchesTracked.dtype, ['int32']);
        const s = numBatchesTracked.shape;
        if (!(s.length === 0 || (s.length === 1 && s[0] === c))) {
          throw new ShapeError(
            `${op}(): expected numBatchesTracked of shape [] or [${c}], but got shape ${formatShape(s)}`,
          );
        }
      }
      checkEps(op, eps);
      if (momentum !== null && !(typeof momentum === 'number' && Number.isFinite(momentum))) {
        throw new ValueError(
          `${op}(): expected momentum to be a finite number or null, but got ${String(momentum)}`,
        );
      }
      if (training) {
        if (momentum === null && !numBatchesTracked && (runningMean || runningVar)) {
          throw new ValueError(
            `${op}(): momentum null (cumulative moving average) needs numBatchesTracked to update the running stats`,
          );
        }
        verifyBatchSize(x!.shape);
      } else {
        // training with one running stat updates that one alone, as PyTorch 1.13's F.batch_norm does
        checkRunningPair(op, runningMean ?? null, runningVar ?? null);
      }
      return [{ shape: x!.shape, dtype: 'float32' }];
    },
    impl: (
      [x, weight, bias, runningMean, runningVar, numBatchesTracked],
      { training, momentum, eps },
      [aval],
    ) => {
      // An empty batch is returned as is and leaves the running stats alone (ATen's numel() == 0 path).
      if (x!.numel() === 0) return [empty(aval!)];
      const view = perChannel(x!);
      // Batch statistics when training, or in evaluation without running stats (as torch's modules do).
      const batch = training || !runningMean ? groupMoments(view) : null;
      const folded = foldAffine(
        batch ? batch.mean : readTypedArray(runningMean!),
        batch ? batch.variance : readTypedArray(runningVar!),
        eps,
        valuesOf(weight ?? null),
        valuesOf(bias ?? null),
      );
      const out = normalizeInto(aval!, view, channelSplit, folded);
      if (training && batch) {
        const nbt = numBatchesTracked ? readTypedArray(numBatchesTracked) : null;
        const factor = (c: number) => momentum ?? 1 / nbt![nbt!.length === 1 ? 0 : c]!;
        const bessel = batch.count / (batch.count - 1);
        const unbiased = batch.variance.map((v) => v * bessel);
        for (const [stat, values] of [
          [runningMean, batch.mean],
          [runningVar, unbiased],
        ] as const) {
          if (!stat) continue;
          updateRunning(stat.storage.data, stat.offset, stat.strides[0]!, values, factor);
          stat.storage.version++;
        }
      }
      return [out];
    },
  } satisfies PrimitiveSpec<BatchNormParams>,
  batchNormBackward: {
    shapeRule: ([gradOutput, x, weight, runningMean, runningVar], { training, eps }) => {
      const op = 'batchNormBackward';
      checkNormInput(op, x!);
      expectOperand(op, 'gradOutput', gradOutput!, x!.shape, 'the shape of the input x');
      const c = x!.shape[1]!;
      checkChannelVector(op, 'weight', weight ?? null, c);
      checkChannelVector(op, 'running_mean', runningMean ?? null, c);
      checkChannelVector(op, 'running_var', runningVar ?? null, c);
      checkEps(op, eps);
      if (!training) checkRunningPair(op, runningMean ?? null, runningVar ?? null);
      const perChannelAval: Aval = { shape: [c], dtype: 'float32' };
      return [{ shape: x!.shape, dtype: 'float32' }, perChannelAval, perChannelAval];
    },
    impl: batchNormBackwardImpl,
  } satisfies PrimitiveSpec<BatchNormBackwardParams>,
  groupNorm: {
    shapeRule: ([x, weight, bias], params) => {
      checkGroupNorm('groupNorm', x!, [weight ?? null, bias ?? null], params);
      return [{ shape: x!.shape, dtype: 'float32' }];
    },
    impl: ([x, weight, bias], { numGroups, eps }, [aval]) => {
      if (x!.numel() === 0) return [empty(aval!)];
      const c = x!.shape[1]!;
      const stats = groupStatistics(x!, numGroups);
      const folded = foldAffine(
        stats.mean,
        stats.variance,
        eps,
        valuesOf(weight ?? null),
        valuesOf(bias ?? null),
        (nc) => nc % c,
      );
      return [normalizeInto(aval!, perSampleChannel(x!), sampleChannelSplit, folded)];
    },
  } satisfies PrimitiveSpec<GroupNormParams>,
  groupNormBackward: {
    shapeRule: ([gradOutput, x, weight], params) => {
      const op = 'groupNormBackward';
      checkGroupNorm(op, x!, [weight ?? null], params);
      expectOperand(op, 'gradOutput', gradOutput!, x!.shape, 'the shape of the input x');
      const perChannel: Aval = { shape: [x!.shape[1]!], dtype: 'float32' };
      return [{ shape: x!.shape, dtype: 'float32' }, perChannel, perChannel];
    },
    impl: groupNormBackwardImpl,
  } satisfies PrimitiveSpec<GroupNormParams>,
  layerNorm: {
    shapeRule: ([x, weight, bias], { normalizedShape, eps }) => {
      const op = 'layerNorm';
      expectDType(op, 'input', x!.dtype, ['float32']);
      const k = normalizedShape.length;
      if (k === 0) {
        throw new ValueError(
          `${op}(): Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, ` +
            'but got normalized_shape = []',
        );
      }
      const s = x!.shape;
      if (s.length < k || !sameShape(s.slice(s.length - k), normalizedShape)) {
        throw new ShapeError(
          `${op}(): Given normalized_shape=${formatShape(normalizedShape)}, expected input with shape ` +
            `[*, ${normalizedShape.join(', ')}], but got input of size${formatShape(s)}`,
        );
      }
      for (const [name, t] of [
        ['weight', weight],
        ['bias', bias],
      ] as const) {
        if (t && !sameShape(t.shape, normalizedShape)) {
          throw new ShapeError(
            `${op}(): Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ` +
              `${formatShape(t.shape)} and normalized_shape = ${formatShape(normalizedShape)}`,
          );
        }
        if (t) expectDType(op, name, t.dtype, ['float32']);
      }
      checkEps(op, eps);
      return [{ shape: s, dtype: 'float32' }];
    },
    impl: ([x, weight, bias], { normalizedShape, eps }, [aval]) => {
      const s = x!.shape;
      const lead = s.length - normalizedShape.length;
      if (x!.numel() === 0) return [empty(aval!)];
      const view: GroupedView = {
        data: x!.storage.data,
        offset: x!.offset,
        outerShape: s.slice(0, lead),
        outerStrides: x!.strides.slice(0, lead),
        innerShape: s.slice(lead),
        innerStrides: x!.strides.slice(lead),
      };
      const stats = groupMoments(view);
      const folded = foldAffine(stats.mean, stats.variance, eps, null, null);
      const split = (o: number[]) => ({ outerStrides: o.slice(0, lead), innerStrides: o.slice(lead) });
      return [normalizeInto(aval!, view, split, folded, weight ?? null, bias ?? null)];
    },
  } satisfies PrimitiveSpec<LayerNormParams>,
});

const P = normPrimitives;

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalise with batch statistics and update the running stats; otherwise use the running stats. */
  training?: boolean;
  /** Weight of the batch statistic in the running update; null for the cumulative average (needs numBatchesTracked). */
  momentum?: number | null;
  eps?: number;
  /** int32 count of batches seen ([] or [C]), already incremented by the caller as torch's module does. */
  numBatchesTracked?: Tensor | null;
}

/**
 * `F.batch_norm` for x of shape [N, C, *]. Training normalises with the batch mean and biased variance and updates
 * `runningMean`/`runningVar` in place (the unbiased variance goes into `runningVar`). Evaluation uses the running
 * stats, or batch statistics when both are null.
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  {
    weight = null,
    bias = null,
    training = false,
    momentum = 0.1,
    eps = 1e-5,
    numBatchesTracked = null,
  }: BatchNormOptions = {},
): Tensor {
  expectTensor('batchNorm', 'input', x);
  expectOptionalTensor('batchNorm', 'runningMean', runningMean);
  expectOptionalTensor('batchNorm', 'runningVar', runningVar);
  expectOptionalTensor('batchNorm', 'weight', weight);
  expectOptionalTensor('batchNorm', 'bias', bias);
  expectOptionalTensor('batchNorm', 'numBatchesTracked', numBatchesTracked);
  return bind1(P.batchNorm, [x, weight, bias, runningMean, runningVar, numBatchesTracked], {
    training,
    momentum,
    eps,
  });
}

export interface GroupNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** `F.group_norm`: normalises each of `numGroups` channel groups of every sample of x [N, C, *]. */
export function groupNorm(
  x: Tensor,
  numGroups: number,
  { weight = null, bias = null, eps = 1e-5 }: GroupNormOptions = {},
): Tensor {
  expectTensor('groupNorm', 'input', x);
  expectOptionalTensor('groupNorm', 'weight', weight);
  expectOptionalTensor('groupNorm', 'bias', bias);
  return bind1(P.groupNorm, [x, weight, bias], { numGroups, eps });
}

export interface LayerNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/** `F.layer_norm`: normalises over the trailing dims `normalizedShape`, with elementwise weight and bias. */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  { weight = null, bias = null, eps = 1e-5 }: LayerNormOptions = {},
): Tensor {
  expectTensor('layerNorm', 'input', x);
  expectOptionalTensor('layerNorm', 'weight', weight);
  expectOptionalTensor('layerNorm', 'bias', bias);
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  return bind1(P.layerNorm, [x, weight, bias], { normalizedShape: shape, eps });
}

export interface InstanceNormOptions {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalise with each instance's statistics (and update the running stats); otherwise use the running stats. */
  useInputStats?: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * `F.instance_norm`: each [n, c] plane normalised by its own statistics. As ATen, it is batchNorm over the
 * input folded to [1, N*C, *] with per-channel tensors repeated N times; the running stats get the mean over N.
 */
export function instanceNorm(
  x: Tensor,
  {
    runningMean = null,
    runningVar = null,
    weight = null,
    bias = null,
    useInputStats = true,
    momentum = 0.1,
    eps = 1e-5,
  }: InstanceNormOptions = {},
): Tensor {
  expectTensor('instanceNorm', 'input', x);
  expectOptionalTensor('instanceNorm', 'runningMean', runningMean);
  expectOptionalTensor('instanceNorm', 'runningVar', runningVar);
  expectOptionalTensor('instanceNorm', 'weight', weight);
  expectOptionalTensor('instanceNorm', 'bias', bias);
  const op = 'instanceNorm';
  checkNormInput(op, x);
  const [n, c] = [x.shape[0]!, x.shape[1]!];
  const spatial = x.shape.slice(2);
  const perChannelArgs = { weight, bias, running_mean: runningMean, running_var: runningVar };
  for (const [name, t] of Object.entries(perChannelArgs)) checkChannelVector(op, name, t, c);
  if (useInputStats && numelOf(spatial) === 1) {
    throw new ValueError(
      `Expected more than 1 spatial element when training, got input size ${formatShape(x.shape)}`,
    );
  }
  if (!useInputStats && (!runningMean || !runningVar)) {
    throw new ValueError(
      `${op}(): Expected running_mean and running_var to be defined when use_input_stats is false`,
    );
  }
  const repeat = (t: Tensor | null) => t && reshape(expand(unsqueeze(t, 0), [n, c]), [n * c]);
  const foldedMean = repeat(runningMean);
  const foldedVar = repeat(runningVar);
  const out = batchNorm(reshape(x, [1, n * c, ...spatial]), foldedMean, foldedVar, {
    weight: repeat(weight),
    bias: repeat(bias),
    training: useInputStats,
    momentum,
    eps,
  });
  if (useInputStats) {
    if (runningMean) copy_(runningMean, mean(reshape(foldedMean!, [n, c]), 0));
    if (runningVar) copy_(runningVar, mean(reshape(foldedVar!, [n, c]), 0));
  }
  return reshape(out, x.shape);
}
