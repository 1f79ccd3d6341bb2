// The SimpleCNN stories' loss and score: nll_loss of the model's log-probabilities (the tutorial's loss) with the
// parameters passed in (functionalCall, so grad can differentiate them), and held-out accuracy in eval mode.
import { functionalCall, type Module } from '@bn/nn';
import { evalMode } from '@bn/patch';
import { argmax, cat, nllLoss, type Tensor } from '@bn/tensor';
import type { Split } from './data/mnist.js';

export type Params = Record<string, Tensor>;

/** The model's parameters by state-dict key, as `grad` and the optimizers take them. */
export const paramsOf = (model: Module): Params => Object.fromEntries(model.namedParameters());

/** The batch's mean loss with `params` in `model` (images [N, 1, 28, 28], labels [N]). */
export const batchLoss =
  (model: Module) =>
  (params: Params, images: Tensor, labels: Tensor): Tensor =>
    nllLoss(functionalCall<Tensor>(model, params, images), labels);

/** One digit's loss (image [1, 28, 28], label []): the function vmap(grad(...)) maps over a batch. */
export const sampleLoss = (model: Module) => {
  const loss = batchLoss(model);
  return (params: Params, image: Tensor, label: Tensor): Tensor =>
    loss(params, image.unsqueeze(0), label.unsqueeze(0));
};

/** How many of `predicted` (scores [N, C] or labels [N]) match `labels`, as a fraction. */
export function accuracy(predicted: Tensor, labels: Tensor): number {
  const classes = predicted.ndim === 2 ? argmax(predicted, 1) : predicted;
  return classes.eq(labels).sum().item() / labels.shape[0]!;
}

/**
 * `forward`'s outputs on every image of `images` [N, ...], computed in chunks (bounded memory) and concatenated
 * along `dim`, the outputs' image dim.
 */
export function inChunks(forward: (images: Tensor) => Tensor, images: Tensor, dim = 0, chunk = 500): Tensor {
  const n = images.shape[0]!;
  const parts: Tensor[] = [];
  for (let start = 0; start < n; start += chunk) {
    parts.push(forward(images.narrow(0, start, Math.min(chunk, n - start))));
  }
  return cat(parts, dim);
}

/** The model's held-out accuracy in eval mode (BatchNorm on its running stats); its modes are restored. */
export function heldOutAccuracy(model: Module, split: Split): number {
  return accuracy(
    evalMode(model, (m) => inChunks((x) => m.forward(x) as Tensor, split.images)),
    split.labels,
  );
}
