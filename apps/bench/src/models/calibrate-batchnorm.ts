// Eval-mode BatchNorm parameters worth checking a peer against: a new model's weight 1, bias 0, running mean 0 and
// variance 1 hide a dropped or misplaced norm. As in a trained model, they become random affine parameters and the
// statistics of a real batch (torch's cumulative average, momentum None, after one batch).
import { BatchNorm2d, init, type Module } from '@bn/nn';
import type { Tensor } from '@bn/tensor';

/** Sets every BatchNorm2d of `model` as above, from a training-mode forward of `batch`; returns it in eval mode. */
export function calibrateBatchNorm_<M extends Module>(model: M, batch: Tensor): M {
  const norms = model.modules().filter((m) => m instanceof BatchNorm2d);
  const momenta = norms.map((bn) => bn.momentum);
  for (const bn of norms) {
    if (bn.weight !== null) init.uniform_(bn.weight, 0.5, 1.5);
    if (bn.bias !== null) init.uniform_(bn.bias, -0.25, 0.25);
    bn.resetRunningStats();
    bn.momentum = null;
  }
  model.train().forward(batch);
  norms.forEach((bn, k) => {
    bn.momentum = momenta[k]!;
  });
  return model.eval();
}
