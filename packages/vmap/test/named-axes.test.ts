// Named axes (the test): BatchNorm-like normalisation written for one sample [C, H, W] with pmean over the
// vmap axis 'b' equals @bn/tensor's training-mode batchNorm over the whole batch [N, C, H, W].
import { batchNorm, mean, movedim, pmean, sqrt, square, sub, type Tensor } from '@bn/tensor';
import { expectClose } from '@bn/testing';
import { describe, it } from 'vitest';
import { vmap } from '../src/index.js';
import { floats } from './values.js';

const EPS = 1e-5; // batchNorm's default
// float32 with float64 accumulation in each reduction; the two computations sum in different orders
const RTOL = 1e-5;
const ATOL = 1e-5;

/** One sample [C, H, W] normalised with the batch statistics of its channels, reduced over the axis 'b'. */
function normalise(x: Tensor): Tensor {
  const mu = pmean(mean(x, [1, 2], { keepdim: true }), 'b');
  const variance = pmean(mean(square(sub(x, mu)), [1, 2], { keepdim: true }), 'b');
  return sub(x, mu).div(sqrt(variance.add(EPS)));
}

describe('named axes: per-sample normalisation with pmean equals batchNorm over the batch', () => {
  const x = floats([6, 3, 4, 5], 1).mul(2).add(0.5); // [N, C, H, W], mean and scale away from 0 and 1
  const expected = batchNorm(x, null, null, { training: true });

  it('over dim 0, chunkSize unset', () => {
    expectClose(vmap(normalise, { axisName: 'b' })(x), expected, RTOL, ATOL);
  });

  it('over in-dim 1 ([C, N, H, W])', () => {
    const out = vmap(normalise, { inDims: 1, axisName: 'b' })(movedim(x, 0, 1));
    expectClose(out, expected, RTOL, ATOL);
  });

  it('a single sample (N = 1) equals batchNorm over a batch of one', () => {
    const one = x.narrow(0, 2, 1);
    expectClose(
      vmap(normalise, { axisName: 'b' })(one),
      batchNorm(one, null, null, { training: true }),
      RTOL,
      ATOL,
    );
  });
});
