// Per-sample gradients in @bn, as torch.func's tutorial computes them: the loss of one sample (unsqueezed into a
// batch of one) through functionalCall, differentiated by grad with respect to the parameter dict; vmap of that
// over the samples against a loop of it over the samples.
import { grad } from '@bn/autograd';
import { functionalCall, type Module } from '@bn/nn';
import type { Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import { concatenated, type GradientValues } from './gradients.js';

export type Loss = (output: Tensor, targets: Tensor) => Tensor;
type Grads = Record<string, Tensor>;

/** The two ways: vmap(grad(loss)) gives [B, ...] per parameter, the loop one dict per sample. */
export interface PerSampleWays {
  vmap: () => Grads;
  loop: () => Grads[];
}

export function perSampleWays(model: Module, loss: Loss, x: Tensor, y: Tensor): PerSampleWays {
  const params = Object.fromEntries(model.namedParameters());
  const sampleLoss = (p: Grads, sample: Tensor, target: Tensor) =>
    loss(functionalCall<Tensor>(model, p, sample.unsqueeze(0)), target.unsqueeze(0));
  const perSample = grad(sampleLoss) as (p: Grads, sample: Tensor, target: Tensor) => Grads;
  const mapped = vmap(perSample, { inDims: [null, 0, 0] }) as (p: Grads, x: Tensor, y: Tensor) => Grads;
  return {
    vmap: () => mapped(params, x, y),
    loop: () =>
      Array.from({ length: x.shape[0]! }, (_, b) => perSample(params, x.select(0, b), y.select(0, b))),
  };
}

/** The values of parameters `names` in the result of either way, as [B, ...parameter shape]. */
export function readPerSample(result: Grads | Grads[], names: readonly string[]): GradientValues {
  return Object.fromEntries(
    names.map((name) => [
      name,
      Array.isArray(result)
        ? concatenated(result.map((g) => g[name]!.toTypedArray()))
        : result[name]!.toTypedArray(),
    ]),
  );
}
