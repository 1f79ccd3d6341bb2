// DP-SGD's gradient from per-sample gradients, as Opacus computes it: each sample's gradient (all parameters together)
// scaled by min(1, C / (norm + eps)), the scaled gradients summed, Gaussian noise of std sigma * C added, the sum
// divided by the batch size. The per-sample gradients come from vmap(grad(loss)) (grad/per-sample.ts).
import { type Generator, matmul, randn, type Tensor } from '@bn/tensor';
import { CLIP_EPS, MAX_GRAD_NORM } from './settings.js';

type Grads = Record<string, Tensor>;

/** The noised mean of the clipped per-sample gradients `perSample` ([B, ...] each), noise std `noiseStd`. */
export function privateGradient(perSample: Grads, noiseStd: number, generator: Generator): Grads {
  const flat = Object.entries(perSample).map(([k, g]) => [k, g.reshape([g.shape[0]!, -1])] as const);
  const [first, ...rest] = flat.map(([, g]) => g.square().sum(1));
  const norms = rest.reduce((a, b) => a.add(b), first!).sqrt();
  const factor = norms.add(CLIP_EPS).reciprocal().mul(MAX_GRAD_NORM).clamp(null, 1).unsqueeze(0);
  const batch = factor.shape[1]!;
  return Object.fromEntries(
    flat.map(([k, g]) => {
      const shape = perSample[k]!.shape.slice(1);
      const summed = matmul(factor, g).reshape(shape);
      return [k, summed.add(randn(shape, { generator }).mul(noiseStd)).div(batch)];
    }),
  );
}
