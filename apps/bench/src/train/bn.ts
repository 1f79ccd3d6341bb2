// @bn's SGD and DP-SGD steps of the SimpleCNN, with @bn/optim, as a runner like the peers' (train/peers.ts) on the
// same weights and batch: the plain step is the gradient of the batch's mean nll_loss through functionalCall and SGD's
// step, which updates the module's parameters in place; the DP-SGD step makes vmap(grad) per-sample gradients private
// (dp-sgd.ts) before the same SGD step.
import { grad } from '@bn/autograd';
import { functionalCall, type Module } from '@bn/nn';
import { SGD } from '@bn/optim';
import { fromTypedArray, Generator, nllLoss, type Tensor } from '@bn/tensor';
import { perSampleWays } from '../grad/per-sample.js';
import { SimpleCNN } from '../grad/simple-cnn.js';
import type { Samples, SimpleCnnWeights } from '../grad/simple-cnn-peers.js';
import { privateGradient } from './dp-sgd.js';
import type { TrainPeer, TrainRunner } from './peers.js';
import { valuesOf } from './references.js';
import { LR } from './settings.js';

type Dict = Record<string, Tensor>;

/** The gradient of `model`'s mean nll_loss on (x, y) w.r.t. parameters `p` (its buffers are its own). */
export const lossGradient = (model: Module) =>
  grad((p: Dict, x: Tensor, y: Tensor) => nllLoss(functionalCall<Tensor>(model, p, x), y)) as (
    p: Dict,
    x: Tensor,
    y: Tensor,
  ) => Dict;

/** A SimpleCNN holding `weights`, the batch as tensors, and a runner of the step `make` builds on them. */
function runner(
  weights: SimpleCnnWeights,
  { images, targets, batch, size }: Samples,
  make: (model: SimpleCNN, x: Tensor, y: Tensor) => () => void,
): TrainRunner {
  const model = new SimpleCNN(size);
  model.loadStateDict(
    Object.fromEntries(
      Object.entries(weights).map(([k, { data, shape }]) => [k, fromTypedArray(data, shape)]),
    ),
  );
  const step = make(model, fromTypedArray(images, [batch, 1, size, size]), fromTypedArray(targets, [batch]));
  return {
    step: async () => step(),
    read: async (names) => {
      const params = Object.fromEntries(model.namedParameters());
      return valuesOf(Object.fromEntries(names.map((k) => [k, params[k]!])));
    },
    dispose: () => {},
  };
}

export const bnTrain: TrainPeer = {
  impl: '@bn',
  sgd: async (weights, samples) =>
    runner(weights, samples, (model, x, y) => {
      const params = Object.fromEntries(model.namedParameters());
      const optimizer = new SGD(model.namedParameters(), { lr: LR });
      const gradient = lossGradient(model);
      return () => optimizer.step(gradient(params, x, y));
    }),
  dpSgd: async (weights, samples, noiseStd) =>
    runner(weights, samples, (model, x, y) => {
      const perSample = perSampleWays(model, nllLoss, x, y).vmap;
      const optimizer = new SGD(model.namedParameters(), { lr: LR });
      const generator = new Generator(2);
      return () => optimizer.step(privateGradient(perSample(), noiseStd, generator));
    }),
};
