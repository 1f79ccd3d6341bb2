// Per-sample gradients two ways, the claim of story 1: `vmap(grad(loss))` over the digits (functorch's recipe) and
// the reference, a loop of `grad` over single digits, stacked.
import { grad } from '@bn/autograd';
import type { Module } from '@bn/nn';
import { stack, type Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { type Params, sampleLoss } from './loss.js';

/** Every parameter's gradient per digit, [N, ...shape], by `vmap(grad(loss), { inDims: [null, 0, 0] })`. */
export function vmapGrads(model: Module, params: Params, images: Tensor, labels: Tensor): Params {
  return vmap(grad(sampleLoss(model)), { inDims: [null, 0, 0] })(params, images, labels) as Params;
}

/** The same from `grad` called on one digit at a time, each parameter's gradients stacked. */
export function loopGrads(model: Module, params: Params, images: Tensor, labels: Tensor): Params {
  const perDigit = Array.from(
    { length: images.shape[0]! },
    (_, i) => grad(sampleLoss(model))(params, images.select(0, i), labels.select(0, i)) as Params,
  );
  return Object.fromEntries(Object.keys(params).map((k) => [k, stack(perDigit.map((g) => g[k]!))]));
}
