// Classification losses: nllLoss (one primitive for the per-element part, as ATen's nll_loss_forward) and
// crossEntropy composed of logSoftmax, nllLoss and label smoothing as ATen's LossNLL.cpp cross_entropy_loss.
import { DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';
import { bind } from '../interpreter.js';
import { nllLossForward } from '../kernels/loss.js';
import { type Aval, defineFamily, type PrimitiveSpec } from '../primitive.js';
import { formatShape, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expectOptionalTensor, expectTensor } from '../validate.js';
import { empty } from './creation.js';
import { add, div, eq, mul, neg, where } from './elementwise.js';
import { stridedOf } from './operands.js';
import { sum } from './reduce.js';
import { logSoftmax } from './softmax.js';
import { reshape } from './views.js';

export type Reduction = 'mean' | 'sum' | 'none';

export interface NllLossOptions {
  /** A rescaling weight per class, shape [C]. */
  weight?: Tensor | null;
  /** Targets equal to it contribute neither loss nor weight. */
  ignoreIndex?: number;
  reduction?: Reduction;
}

export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with the uniform distribution: (1 - s) * target + s / C. In [0, 1]. */
  labelSmoothing?: number;
}

export interface NllLossParams {
  ignoreIndex: number;
}

/** The class dim of a loss input: 0 for an unbatched [C], 1 for [N, C, d1, ...]. */
function classDimOf(ndim: number): number {
  return ndim === 1 ? 0 : 1;
}

/** A class weight, when given, is float32 of shape [C]. */
function checkWeight(op: string, weight: Aval | null, classes: number): void {
  if (!weight) return;
  if (weight.shape.length !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(
      `${op}(): weight tensor should be defined either for all ${classes} classes or no classes but got ` +
        `weight tensor of shape: ${formatShape(weight.shape)}`,
    );
  }
  if (weight.dtype !== 'float32') {
    throw new DTypeError(`${op}(): expected weight to have dtype float32, but got ${weight.dtype}`);
  }
}

/**
 * nllLoss per element: inputs [log-probabilities [C] or [N, C, d1, ...], int32 targets [] or [N, d1, ...],
 * optional weight [C]]; outputs [loss, weight of each element's class], both of the target's shape, 0 where
 * the target is `ignoreIndex`.
 */
export const lossPrimitives = /* @__PURE__ */ defineFamily('loss', {
  nllLoss: {
    shapeRule: ([input, target, weight], { ignoreIndex }) => {
      const x = input!;
      const t = target!;
      if (!Number.isInteger(ignoreIndex)) {
        throw new ValueError(`nll_loss(): expected ignoreIndex to be an integer, but got ${ignoreIndex}`);
      }
      if (x.dtype !== 'float32') {
        throw new DTypeError(`nll_loss(): expected input to have dtype float32, but got ${x.dtype}`);
      }
      if (t.dtype !== 'int32') {
        throw new DTypeError(
          `nll_loss(): expected target to hold class indices of dtype int32 (expected scalar type Long but found ${t.dtype})`,
        );
      }
      if (x.shape.length === 0) {
        throw new ShapeError(
          'nll_loss(): expected input of shape [C], [N, C] or [N, C, d1, ...], but got a 0-d tensor',
        );
      }
      const classDim = classDimOf(x.shape.length);
      const expected = x.shape.filter((_, d) => d !== classDim);
      if (x.shape.length === 2 && t.shape.length > 1) {
        throw new ShapeError(
          `nll_loss(): 0D or 1D target tensor expected, multi-target not supported (got target ${formatShape(t.shape)})`,
        );
      }
      if (x.shape.length >= 2 && t.shape.length >= 1 && t.shape[0] !== x.shape[0]) {
        throw new ShapeError(
          `nll_loss(): Expected input batch_size (${x.shape[0]}) to match target batch_size (${t.shape[0]}).`,
        );
      }
      if (!sameShape(t.shape, expected)) {
        throw new ShapeError(
          `nll_loss(): Expected target size ${formatShape(expected)}, got ${formatShape(t.shape)} ` +
            `(input ${formatShape(x.shape)})`,
        );
      }
      checkWeight('nll_loss', weight ?? null, x.shape[classDim]!);
      return [
        { shape: t.shape, dtype: 'float32' },
        { shape: t.shape, dtype: 'float32' },
      ];
    },
    impl: ([input, target, weight], { ignoreIndex }, [lossAval, weightAval]) => {
      const x = input!;
      const t = target!;
      const [loss, weights] = [empty(lossAval!), empty(weightAval!)];
      nllLossForward(
        stridedOf(x),
        x.shape,
        classDimOf(x.ndim),
        stridedOf(t),
        weight ? stridedOf(weight) : null,
        ignoreIndex,
        loss.storage.data as Float32Array,
        weights.storage.data as Float32Array,
      );
      return [loss, weights];
    },
  } satisfies PrimitiveSpec<NllLossParams>,
});

function checkReduction(reduction: string): void {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ValueError(
      `${reduction} is not a valid value for reduction (expected 'mean', 'sum' or 'none')`,
    );
  }
}

/** Reduces per-element losses; 'mean' divides by the summed weights of the elements (nan when all ignored). */
function reduceLoss(loss: Tensor, weights: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  return div(sum(loss), sum(weights));
}

/** F.nll_loss: the negative log-likelihood of class-index targets given log-probabilities. */
export function nllLoss(
  input: Tensor,
  target: Tensor,
  { weight = null, ignoreIndex = -100, reduction = 'mean' }: NllLossOptions = {},
): Tensor {
  expectTensor('nll_loss', 'input', input);
  expectTensor('nll_loss', 'target', target);
  expectOptionalTensor('nll_loss', 'weight', weight);
  checkReduction(reduction);
  const [loss, weights] = bind(lossPrimitives.nllLoss, [input, target, weight], { ignoreIndex });
  return reduceLoss(loss!, weights!, reduction);
}

/**
 * F.cross_entropy: logSoftmax over the class dim, then the negative log-likelihood of the target. `input` is
 * [C], [N, C] or [N, C, d1, ...]; `target` holds int32 class indices ([], [N] or [N, d1, ...]) or float class
 * probabilities of the input's shape.
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  { weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 }: CrossEntropyOptions = {},
): Tensor {
  expectTensor('cross_entropy', 'input', input);
  expectTensor('cross_entropy', 'target', target);
  expectOptionalTensor('cross_entropy', 'weight', weight);
  checkReduction(reduction);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ValueError(
      `cross_entropy(): label_smoothing must be between 0.0 and 1.0. Got: ${labelSmoothing}`,
    );
  }
  if (input.ndim === 0) {
    throw new IndexError(
      'cross_entropy(): expected input of shape [C], [N, C] or [N, C, d1, ...], but got a 0-d tensor ' +
        '(Dimension specified as 1 but tensor has no dimensions)',
    );
  }
  const classDim = classDimOf(input.ndim);
  const classes = input.shape[classDim]!;
  checkWeight('cross_entropy', weight, classes);
  const logp = logSoftmax(input, classDim);
  // the class weights laid along the class dim, [C, 1, ..., 1], to broadcast against the input
  const classWeight = weight && reshape(weight, [classes, ...input.shape.slice(classDim + 1).map(() => 1)]);
  const weighted = (t: Tensor) => (classWeight ? mul(t, classWeight) : t);
  if (sameShape(input.shape, target.shape)) {
    if (target.dtype !== 'float32') {
      throw new DTypeError(
        `cross_entropy(): Expected floating point type for target with class probabilities, got ${target.dtype}`,
      );
    }
    if (ignoreIndex !== -100) {
      throw new ValueError('cross_entropy(): ignore_index is not supported for floating point target');
    }
    const probs =
      labelSmoothing > 0 ? add(mul(target, 1 - labelSmoothing), labelSmoothing / classes) : target;
    const loss = neg(sum(weighted(mul(logp, probs)), classDim));
    if (reduction === 'none') return loss;
    if (reduction === 'sum') return sum(loss);
    return div(sum(loss), input.numel() / classes);
  }
  const [nll, weights] = bind(lossPrimitives.nllLoss, [logp, target, weight], { ignoreIndex });
  let loss = nll!;
  if (labelSmoothing > 0) {
    // -sum_c w_c log p_c per element, 0 where the target is ignored
    const smooth = where(eq(target, ignoreIndex), 0, neg(sum(weighted(logp), classDim)));
    loss = add(mul(loss, 1 - labelSmoothing), mul(smooth, labelSmoothing / classes));
  }
  return reduceLoss(loss, weights!, reduction);
}
