// Batch normalisation whose statistics span a named vmap axis (flax's BatchNorm `axis_name`): per-channel moments
// of each mapped member, averaged over the axis with `pmean`, so every member is normalised with the statistics
// of the whole mapped batch; the running stats receive those shared (unbatched) statistics.
import { batchNorm, formatShape, pmean, type Tensor, ValueError } from '@bn/tensor';

export interface AxisBatchNormOptions {
  weight: Tensor | null;
  bias: Tensor | null;
  momentum: number | null;
  eps: number;
  axisName: string;
  /** Number of members on the axis. */
  axisSize: number;
  /** Update the running stats (when given) with the shared statistics. */
  training: boolean;
  /** int32 batch count, already incremented; given whenever momentum is null (the cumulative average). */
  numBatchesTracked: Tensor | null;
}

/** Normalises x [N, C, *] (one member) with batch statistics averaged over the vmap axis `axisName`. */
export function axisBatchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  { weight, bias, momentum, eps, axisName, axisSize, training, numBatchesTracked }: AxisBatchNormOptions,
): Tensor {
  const c = x.shape[1]!;
  const reduced = x.shape.map((_, d) => d).filter((d) => d !== 1);
  // values per channel across the whole axis: each member has the same shape
  const count = (x.numel() / c) * axisSize;
  if (training && count <= 1) {
    throw new ValueError(
      `Expected more than 1 value per channel when training, got input size ${formatShape(x.shape)} on each of ` +
        `${axisSize} members of axis '${axisName}'`,
    );
  }
  // law of total variance over equally sized members: the mean of the members' variances plus the variance of
  // their means; each member's moments are two reductions of x, with no temporary of x's size
  const memberMean = x.mean(reduced);
  const mean = pmean(memberMean, axisName);
  const variance = pmean(x.var(reduced, { correction: 0 }).add(memberMean.sub(mean).square()), axisName);
  // the shared statistics are unbatched at this level: normalise in one fused pass, as BatchNorm's evaluation does
  const y = batchNorm(x, mean, variance, { weight, bias, eps, training: false });
  if (training && (runningMean || runningVar)) {
    const factor = momentum ?? numBatchesTracked!.float().reciprocal();
    const keep = typeof factor === 'number' ? 1 - factor : factor.neg().add(1);
    // both new values first, then the writes: statistics batched by an outer vmap cannot go into unbatched running
    // stats, and the first copy refuses before either buffer changed (both values are batched alike)
    const newMean = runningMean?.mul(keep).add(mean.mul(factor));
    const newVar = runningVar?.mul(keep).add(variance.mul(count / (count - 1)).mul(factor));
    if (runningMean) runningMean.copy_(newMean!);
    if (runningVar) runningVar.copy_(newVar!);
  }
  return y;
}
