// Story 5: torchvision's ResNet-18 (@bn/models, BatchNorm tracking running stats) trained on the digits made
// CIFAR-sized: padded 28 -> 32 with the background value and the channel repeated to 3. Cross-entropy, grad
// through functionalCall, an optimizer step; the loss falls, and the held-out accuracy uses the running stats.
import { gradAndValue } from '@bn/autograd';
import { resnet18 } from '@bn/models';
import { functionalCall, type Module } from '@bn/nn';
import { Adam } from '@bn/optim';
import { evalMode } from '@bn/patch';
import { crossEntropy, manualSeed, pad, type Tensor } from '@bn/tensor';
import { formatSeconds } from '../../story/format.js';
import { MNIST_MEAN, MNIST_STD, type Split } from '../data/mnist.js';
import { trainLoop } from '../loop.js';
import { accuracy, inChunks, type Params, paramsOf } from '../loss.js';
import { addCurve, checkThat, percent, timed } from '../report.js';
import type { TrainStory } from '../types.js';

const OPTIONS = { lr: 1e-3 };

/** Digits [N, 1, 28, 28] as ResNet input [N, 3, 32, 32]: 2 pixels of background (0 before normalising) around. */
export function toRgb32(images: Tensor): Tensor {
  const padded = pad(images, [2, 2, 2, 2], { value: -MNIST_MEAN / MNIST_STD });
  return padded.expand([images.shape[0]!, 3, 32, 32]);
}

/** The mean of the first and of the last fifth of the losses. */
function ends(losses: readonly number[]): [number, number] {
  const n = Math.max(1, Math.floor(losses.length / 5));
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [mean(losses.slice(0, n)), mean(losses.slice(-n))];
}

function heldOut(model: Module, split: Split): number {
  return accuracy(
    evalMode(model, (m) => inChunks((x) => m.forward(toRgb32(x)) as Tensor, split.images, 0, 100)),
    split.labels,
  );
}

export const resnet: TrainStory = {
  id: 'resnet',
  title: 'ResNet-18 trained on the digits at 32x32',
  code: 'gradAndValue((p) => crossEntropy(functionalCall(resnet18({ numClasses: 10 }), p, x), y))(params)',
  run(ctx, report) {
    const { config, data } = ctx;
    manualSeed(config.seed);
    const model = resnet18({ numClasses: 10 });
    const params = paramsOf(model);
    const optimizer = new Adam(params, OPTIONS);
    const curve = addCurve(report, 'ResNet-18');
    const loss = (p: Params, x: Tensor, y: Tensor) =>
      crossEntropy(functionalCall<Tensor>(model, p, toRgb32(x)), y);
    ctx.phase('training');
    const epochs = Math.ceil((config.steps * config.resnetBatch) / data.train.labels.shape[0]!);
    const [steps, ms] = timed(() =>
      trainLoop(
        ctx,
        [curve],
        data.train,
        { batch: config.resnetBatch, epochs, steps: config.steps },
        (x, y) => {
          const [grads, value] = gradAndValue(loss)(params, x, y) as [Params, Tensor];
          optimizer.step(grads);
          return [value.item()];
        },
      ),
    );
    ctx.phase('scoring on the held-out digits');
    const acc = heldOut(model, data.test);
    const [first, last] = ends(curve.losses);
    report.facts.push(
      `resnet18({ numClasses: 10 }), ${steps} steps of ${config.resnetBatch} digits padded to 3x32x32, Adam lr ${OPTIONS.lr}, ${formatSeconds(ms)} (${(ms / steps).toFixed(0)} ms a step)`,
      `mean loss over the first fifth of the steps ${first.toFixed(3)}, over the last fifth ${last.toFixed(3)}`,
      `held-out accuracy in eval mode (running stats): ${percent(acc)}`,
    );
    Object.assign(report.metrics, { accuracy: acc, firstLoss: first, lastLoss: last, ms });
    checkThat(report, 'the loss falls (last fifth of the steps below the first)', last < first);
  },
};
