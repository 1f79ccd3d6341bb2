// clipGradNorm_: torch.nn.utils.clip_grad_norm_ (torch/nn/utils/clip_grad.py) over the gradients `grad` returns:
// the norm of all of them together, as one vector, and each scaled in place so that norm is at most `maxNorm`.
import {
  ArgumentTypeError,
  amax,
  amin,
  clamp,
  describeValue,
  expectBoolean,
  expectNumber,
  RuntimeError,
  scalar,
  stack,
  sum,
  Tensor,
  treeFlatten,
} from '@bn/tensor';
import type { GradTree } from './functional.js';

export interface ClipGradNormOptions {
  /** The p of the p-norm (default 2); `Infinity` for the largest absolute value. */
  normType?: number;
  /** Throw when the total norm is nan or infinite, instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

/** The p-norm of `t`'s elements as one vector (torch.norm of a flattened tensor). */
function vectorNorm(t: Tensor, p: number): Tensor {
  const a = t.abs();
  if (p === Number.POSITIVE_INFINITY) return amax(a);
  if (p === Number.NEGATIVE_INFINITY) return amin(a);
  if (p === 0) return sum(a.ne(0).float());
  return sum(a.pow(p)).pow(1 / p);
}

/** A number as Python prints a float (`2.0`, `inf`), for PyTorch's wording. */
function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/**
 * Scales the gradients in place so their total norm (all of them as one vector) is at most `maxNorm`: each is
 * multiplied by `min(maxNorm / (total + 1e-6), 1)`. `grads` is a dict keyed like the parameters, an array, or any
 * tree of tensors (null entries are skipped). Returns the total norm before clipping, a 0-d tensor (0 when there are
 * no gradients).
 */
export function clipGradNorm_(
  grads: GradTree,
  maxNorm: number,
  { normType = 2, errorIfNonfinite = false }: ClipGradNormOptions = {},
): Tensor {
  const op = 'clipGradNorm_';
  expectNumber(op, 'maxNorm', maxNorm);
  expectNumber(op, 'normType', normType);
  expectBoolean(op, 'errorIfNonfinite', errorIfNonfinite);
  const leaves = treeFlatten(grads).leaves.filter((g) => g !== null && g !== undefined);
  leaves.forEach((g, i) => {
    if (!(g instanceof Tensor)) {
      throw new ArgumentTypeError(`${op}(): gradient ${i} must be a Tensor, but got ${describeValue(g)}`);
    }
  });
  const tensors = leaves as Tensor[];
  if (tensors.length === 0) return scalar(0);
  const norms = tensors.map((g) => vectorNorm(g, normType));
  // the norm of the norms, as PyTorch takes it (for the inf-norm, of one gradient: that gradient's norm)
  const total = vectorNorm(stack(norms), normType);
  if (errorIfNonfinite && !Number.isFinite(total.item())) {
    throw new RuntimeError(
      `The total norm of order ${pythonFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot ` +
        'be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set ' +
        '`error_if_nonfinite=False`',
    );
  }
  const coef = clamp(total.add(1e-6).reciprocal().mul(maxNorm), null, 1);
  for (const g of tensors) g.mul_(coef);
  return total;
}
