// DP-SGD's gradient (Opacus's recipe, Abadi et al. 2016): each digit's gradient clipped to norm C over all
// parameters together (@bn/optim's clipGradNorm_, vmapped over the digits), the clipped gradients summed, Gaussian
// noise of std sigma * C added, divided by the batch.
import { clipGradNorm_ } from '@bn/optim';
import { type Generator, randn, type Tensor } from '@bn/tensor';
import { vmap } from '@bn/vmap';
import type { Params } from './loss.js';

export interface PrivacySettings {
  /** C: the largest norm a digit's gradient may have. */
  maxGradNorm: number;
  /** sigma: the noise's std in units of C. */
  noiseMultiplier: number;
}

/**
 * The privatised batch gradient from per-sample gradients [B, ...] (clipped in place), noise drawn from
 * `generator`, and each digit's gradient norm before clipping, [B].
 */
export function privateGradient(
  perSample: Params,
  { maxGradNorm, noiseMultiplier }: PrivacySettings,
  generator: Generator,
): { gradient: Params; norms: Tensor } {
  const norms = vmap((g: Params) => clipGradNorm_(g, maxGradNorm))(perSample) as Tensor;
  const batch = norms.shape[0]!;
  const gradient = Object.fromEntries(
    Object.entries(perSample).map(([k, g]) => {
      const noise = randn(g.shape.slice(1), { generator }).mul(noiseMultiplier * maxGradNorm);
      return [k, g.sum(0).add(noise).div(batch)];
    }),
  );
  return { gradient, norms };
}
